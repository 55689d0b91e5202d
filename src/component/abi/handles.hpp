// Resource handles (CanonicalABI.md's ResourceHandle and Table): one HandleTable per
// component instance, and one for what the host holds (the index a Val's ResourceHandle
// names), with own and borrow handles, lend counts and the traps of misusing them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stratus/result.hpp"

namespace stratus::component::abi {

class CallScope;
class ComponentInstanceFlags;

// A resource type at run time. Resource types are generative, so the instantiator makes one
// per resource definition per instance (and one per host resource) and identity is the
// object's address.
struct RuntimeResourceType {
  std::string_view name;                   // for messages: a view of the type's owner, which outlives it
  ComponentInstanceFlags* impl = nullptr;  // the instance that defined it; null: the host
  // The resource's destructor (a core function of `impl`, or the host's deleter), called
  // when an owning handle is dropped; empty: none.
  std::function<Result<void>(uint32_t rep)> destructor;
};

struct HandleEntry {
  const RuntimeResourceType* type = nullptr;
  uint32_t rep = 0;
  bool own = true;
  uint32_t lends = 0;                // borrows of this handle lent out for calls in progress
  CallScope* borrow_scope = nullptr;  // a borrow handle: the call it lives for
};

// What else a handle table holds (CanonicalABI.md keeps every kind of handle in one table):
// the async model's waitable sets, subtasks and stream and future ends (component/async/).
class TableElement {
 public:
  virtual ~TableElement() = default;
  // "waitable set", "subtask", "readable stream end", ..., for messages.
  virtual const char* kind_name() const = 0;
};

class HandleTable {
 public:
  static constexpr uint32_t kMaxLength = (1u << 28) - 1;  // CanonicalABI.md's Table.MAX_LENGTH

  HandleTable() : slots_(1) {}  // index 0 is never a handle
  HandleTable(const HandleTable&) = delete;
  HandleTable& operator=(const HandleTable&) = delete;

  Result<uint32_t> add(HandleEntry entry);
  Result<uint32_t> add(std::shared_ptr<TableElement> element);
  // A trap naming the index when it holds no resource handle (never made, dropped, or
  // another kind of handle).
  Result<HandleEntry*> get(uint32_t index);
  Result<HandleEntry> remove(uint32_t index);
  // An element of kind T (a trap when the index holds none, or another kind); `want` names T.
  template <class T>
  Result<std::shared_ptr<T>> get_element(uint32_t index, const char* want) {
    auto e = element_at(index, want);
    if (!e) return e.error();
    auto t = std::dynamic_pointer_cast<T>(*e);
    if (!t) return wrong_kind(index, (*e)->kind_name(), want);
    return t;
  }
  template <class T>
  Result<std::shared_ptr<T>> remove_element(uint32_t index, const char* want) {
    auto t = get_element<T>(index, want);
    if (t) erase(index);
    return t;
  }
  size_t live_count() const { return slots_.size() - 1 - free_.size(); }
  // Removes every handle and returns them, for the end of a Store.
  std::vector<HandleEntry> take_all();

 private:
  struct Slot {
    std::optional<HandleEntry> resource;
    std::shared_ptr<TableElement> element;
    bool empty() const { return !resource && !element; }
  };
  Result<uint32_t> add_slot(Slot slot);
  Result<std::shared_ptr<TableElement>> element_at(uint32_t index, const char* want);
  static Error wrong_kind(uint32_t index, const char* held, const char* want);
  void erase(uint32_t index);

  std::vector<Slot> slots_;
  std::vector<uint32_t> free_;
};

// One call's borrows. A lifted call's scope (the spec's Task) counts the borrow handles the
// callee received, which must all be dropped before it returns; a lowered call's scope (the
// spec's Subtask) holds the caller's handles lent for the call and the host's borrow handles
// made for it, released when the call ends.
class CallScope {
 public:
  CallScope() = default;
  CallScope(const CallScope&) = delete;
  CallScope& operator=(const CallScope&) = delete;
  ~CallScope() { finish(); }

  uint32_t num_borrows() const { return num_borrows_; }
  void add_borrow() { ++num_borrows_; }
  void drop_borrow() {
    if (num_borrows_ > 0) --num_borrows_;
  }

  // Lends `table[index]` for the call.
  void lend(HandleTable& table, uint32_t index, HandleEntry& entry);
  // Records a borrow handle in `table` that dies with the call.
  void add_scoped_borrow(HandleTable& table, uint32_t index);
  // Ends the lends and removes the scoped borrows (idempotent).
  void finish();

 private:
  struct Ref {
    HandleTable* table;
    uint32_t index;
  };
  uint32_t num_borrows_ = 0;
  std::vector<Ref> lent_;
  std::vector<Ref> scoped_borrows_;
};

// "a `file` handle where a `dir` handle was expected", saying so when two distinct types share
// a name (resource types are generative, so the name alone does not tell them apart).
std::string type_mismatch(const RuntimeResourceType* held, const RuntimeResourceType& want);

// Checks `entry` (at `index`) is a handle to `type`: a trap naming both types otherwise.
Result<void> check_handle_type(const HandleEntry& entry, uint32_t index, const RuntimeResourceType& type);

// `canon resource.new`, `resource.rep` and `resource.drop` as the guest `inst` calls them on
// its table. resource.drop of an owning handle runs the destructor (entering the defining
// instance, which traps if it is on the stack); of a borrow, ends it.
Result<uint32_t> resource_new(ComponentInstanceFlags& inst, HandleTable& table, const RuntimeResourceType& type,
                              uint32_t rep);
Result<uint32_t> resource_rep(HandleTable& table, const RuntimeResourceType& type, uint32_t index);
Result<void> resource_drop(ComponentInstanceFlags& inst, HandleTable& table, const RuntimeResourceType& type,
                           uint32_t index);

// The host drops a handle it holds (a Val's ResourceHandle index): an owning handle runs the
// destructor; a lent one, or an index it does not hold, is an Argument error.
Result<void> host_resource_drop(HandleTable& host, uint32_t index);

}  // namespace stratus::component::abi
