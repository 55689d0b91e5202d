// What a component instantiation leaves in a Store: its component instances, the
// functions they export and the host functions they import. All of it belongs to one
// StoreRecords, which the Store keeps alive (StoreImpl::keep_alive), so the raw pointers the
// public handles hold stay valid for as long as the Store lives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <list>
#include <memory>
#include <memory_resource>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "component/abi/guest_memory.hpp"
#include "component/abi/handles.hpp"
#include "component/abi/instance_flags.hpp"
#include "component/abi/layout.hpp"
#include "component/async/backpressure.hpp"
#include "component/binary/ast.hpp"
#include "component/types/types.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/extern.hpp"
#include "stratus/instance.hpp"
#include "stratus/module.hpp"

namespace stratus::component::async {
struct Task;
}  // namespace stratus::component::async

namespace stratus::component::detail {

struct CompiledComponent;
struct CompiledLevel;
struct FuncRecord;
struct InstanceRecord;
class StackfulCall;
struct Frame;

// One instance of a component (the top-level one or a nested one): the canonical ABI's
// per-instance state.
struct ComponentInstanceState {
  ComponentInstanceState(ComponentInstanceState* parent, abi::HandleTable* host_handles,
                         std::pmr::memory_resource* arena)  // the StoreRecords'
      : flags(parent ? &parent->flags : nullptr), host_handles(host_handles), resource_types(arena) {}
  // Ends the stackful tasks still live in it: their Store is going away (stackful_call.cpp).
  ~ComponentInstanceState();
  ComponentInstanceState(const ComponentInstanceState&) = delete;
  ComponentInstanceState& operator=(const ComponentInstanceState&) = delete;
  abi::ComponentInstanceFlags flags;
  abi::HandleTable handles;
  // What the host holds (the Store's, see host_resources.hpp): the handles a Val's
  // ResourceHandle names, and through which handles pass from one instance to another.
  abi::HandleTable* host_handles;
  // The run-time type of each resource of the component's own type tables (by TypeTables
  // resource index) that its imports and exports name: what own<T> and borrow<T> mean here.
  std::pmr::vector<const abi::RuntimeResourceType*> resource_types;
  // The lifted call running in this instance (async built-ins act on it); null: none.
  async::Task* current_task = nullptr;
  // Its stackful tasks that have not exited, parked, running or waiting to enter.
  std::list<std::shared_ptr<StackfulCall>> stackful_calls;
  // backpressure.inc/dec's counter: async-typed calls wait to enter while it is on.
  async::Backpressure backpressure;
};

// A component not yet instantiated, with the frame its outer aliases read.
struct LevelPlan;
struct ComponentClosure {
  const ast::Component* ast = nullptr;
  const CompiledLevel* compiled = nullptr;
  const LevelPlan* plan = nullptr;  // worked out by instantiate_pre (plan.hpp)
  const Frame* outer = nullptr;
};

// What an index of a component-level sort holds at run time.
struct Item {
  ast::Sort sort = ast::Sort::Func;  // Func, Instance, Component, CoreModule or Type
  FuncRecord* func = nullptr;
  InstanceRecord* instance = nullptr;
  const ComponentClosure* component = nullptr;
  const Module* core_module = nullptr;
  const abi::RuntimeResourceType* resource = nullptr;  // a resource type
};

// A type's run-time item: validation gave every type its meaning, so it carries nothing.
inline Item type_item() {
  Item item;
  item.sort = ast::Sort::Type;
  return item;
}

// Names are views: of the component's own text, or of its ComponentPre, both of which the
// StoreRecords keeps alive.
struct InstanceRecord {
  explicit InstanceRecord(std::pmr::memory_resource* arena) : exports(arena) {}  // the StoreRecords'
  std::pmr::vector<std::pair<std::string_view, Item>> exports;
  const Item* find(std::string_view name) const {
    for (const auto& [n, item] : exports)
      if (n == name) return &item;
    return nullptr;
  }
};

// `canon lift`/`canon lower`'s options as the instance's core items.
struct CanonOptions {
  abi::StringEncoding encoding = abi::StringEncoding::Utf8;
  std::optional<Memory> memory;
  std::optional<stratus::Func> realloc;
  std::optional<stratus::Func> post_return;
  bool async = false;
  std::optional<stratus::Func> callback;
};

// A component function: a core function lifted by a component instance, or a host function.
struct FuncRecord {
  std::shared_ptr<const TypeTables> types;
  const abi::Layouts* layouts = nullptr;
  // A lifted function learns its type when the top-level component exports it: the type
  // the component's own type gives that export (validation checked the lift against it).
  std::optional<FuncTypeId> type;
  std::string_view name;  // the name it was exported or imported under, for messages (a view, as above)

  // Lifted.
  stratus::Func core;
  CanonOptions options;
  ComponentInstanceState* instance = nullptr;
  // Host.
  std::shared_ptr<const HostFunc> host;
  // A view: `target` as a component that imports it sees it, typed by that component's
  // own type tables (its resource indices mean that component's resources).
  FuncRecord* target = nullptr;

  bool is_host() const { return host != nullptr; }
};

// What a lowered import's core function calls, and with what: the record its context points to.
struct LoweredImport {
  const FuncRecord* callee = nullptr;
  ComponentInstanceState* caller = nullptr;
  CanonOptions options;
};

// resource.new, resource.rep or resource.drop of one resource type in one instance.
struct ResourceCanon {
  const abi::RuntimeResourceType* type = nullptr;
  ComponentInstanceState* state = nullptr;
};

// A core instance as a component sees it: a real one, or a bag of inline exports.
struct CoreInstanceItem {
  std::optional<stratus::Instance> instance;
  const Module* module = nullptr;                                                  // what `instance` instantiated
  explicit CoreInstanceItem(std::pmr::memory_resource* arena) : exports(arena) {}  // the StoreRecords'
  std::pmr::vector<std::pair<std::string_view, Extern>> exports;  // inline exports (names: the component's)
  std::optional<Extern> find(std::string_view name) const {
    if (instance) return instance->get_export(name);
    for (const auto& [n, e] : exports)
      if (n == name) return e;
    return std::nullopt;
  }
  // The export at `position` (of the module's exports, or of the inline ones), as a
  // LevelPlan names it; nullopt when out of range.
  std::optional<Extern> at(uint32_t position) const;
};

// The index spaces of one component instance while its definitions are evaluated, and
// what its outer aliases and nested components read afterwards.
struct Frame {
  explicit Frame(std::pmr::memory_resource* arena)  // the StoreRecords'
      : core_modules(arena),
        core_instances(arena),
        core_funcs(arena),
        core_tables(arena),
        core_memories(arena),
        core_globals(arena),
        funcs(arena),
        types(arena),
        components(arena),
        instances(arena) {}
  ComponentClosure closure;
  ComponentInstanceState* state = nullptr;
  std::pmr::vector<const Module*> core_modules;
  std::pmr::vector<CoreInstanceItem*> core_instances;
  std::pmr::vector<Extern> core_funcs;
  std::pmr::vector<Extern> core_tables;
  std::pmr::vector<Extern> core_memories;
  std::pmr::vector<Extern> core_globals;
  std::pmr::vector<Item> funcs;
  std::pmr::vector<Item> types;
  std::pmr::vector<Item> components;
  std::pmr::vector<Item> instances;
  InstanceRecord* exports = nullptr;
};

struct ComponentPreImpl;

// Everything one instantiation made, kept alive by the Store. The records are carved from one
// arena, freed all at once with them: an instance's records cost a few bump allocations, not a
// malloc each (a record as large as a FuncRecord would be a deque node of its own).
struct StoreRecords {
  // Not zeroed: `first_block` is only ever handed out.
  StoreRecords() {}
  StoreRecords(const StoreRecords&) = delete;
  StoreRecords& operator=(const StoreRecords&) = delete;

  std::shared_ptr<const CompiledComponent> component;  // what the records point into
  std::shared_ptr<const ComponentPreImpl> pre;         // and its plan and resolved names

  // Enough for a small component's instance (the wasi:http C hello's); a
  // larger one goes on in blocks from the heap. Declared before the records, so it outlives them.
  alignas(std::max_align_t) std::byte first_block[16384];
  std::pmr::monotonic_buffer_resource arena{first_block, sizeof first_block, std::pmr::new_delete_resource()};
  std::pmr::deque<abi::RuntimeResourceType> resource_types{&arena};
  std::pmr::deque<ComponentInstanceState> states{&arena};
  std::pmr::deque<InstanceRecord> instances{&arena};
  std::pmr::deque<FuncRecord> funcs{&arena};
  std::pmr::deque<LoweredImport> lowered_imports{&arena};
  std::pmr::deque<ResourceCanon> resource_canons{&arena};
  std::pmr::deque<ComponentClosure> closures{&arena};
  std::pmr::deque<CoreInstanceItem> core_instances{&arena};
  std::pmr::deque<Frame> frames{&arena};
};

}  // namespace stratus::component::detail
