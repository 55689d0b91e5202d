// Everything a Store owns. Objects live in deques so their addresses stay put for as long
// as the Store does: the interpreter and every handle hold raw pointers to them. All of it is
// carved from the Store's arena (a pooled instance-state slot when the engine pools).
#pragma once

#include <deque>
#include <memory>
#include <memory_resource>
#include <span>
#include <utility>
#include <vector>
#include <unordered_map>

#include "alloc/instance_allocator.hpp"
#include "embed/api_access.hpp"
#include "embed/host_func.hpp"
#include "embed/limits_and_epochs.hpp"
#include "embed/pointer_set.hpp"
#include "embed/store_arena.hpp"
#include "exec/invoke.hpp"
#include "exec/objects.hpp"
#include "exec/zeroed_memory.hpp"
#include "stratus/engine.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::detail {

struct StoreImpl {
  StoreImpl(const Engine& engine, Store& handle);
  StoreImpl(const StoreImpl&) = delete;
  StoreImpl& operator=(const StoreImpl&) = delete;

  // A host function; the Store keeps `fn`.
  exec::FuncInst* new_host_func(const FuncType* type, HostFunc fn);
  // A host function whose entry outlives the Store through an owner kept in `keep_alive`.
  exec::FuncInst* new_host_func(const FuncType* type, const exec::HostFuncEntry* entry);
  // One zero-filled block for a module's defined functions, made on first use
  // (exec::ModuleInst::func): instantiating a module of thousands of functions (a JavaScript
  // engine's shape) is one allocation, not thousands, and writes none of them.
  exec::FuncInst* new_funcs(size_t count);
  // An instance's global slots (exec::ModuleInst::globals), zeroed.
  uint64_t* new_global_slots(size_t count);
  // Zeroed cells for a value of `type` (two for a v128, 16-byte aligned).
  uint64_t* new_cells(ValType type);
  // Allocates through the engine's allocator. `data_initialized` reports whether the
  // allocator already applied the module's data segments (see alloc::MemoryAllocation).
  Result<exec::MemoryInst*> new_memory(const MemoryType& type, const alloc::MemoryOrigin& origin = {},
                                       bool* data_initialized = nullptr);
  Result<exec::TableInst*> new_table(const TableType& type, void* init);
  // A host-made global.
  exec::GlobalInst* new_global(const GlobalType& type, const Val& value);
  // The record a handle holds for the global whose value is at `cells`, made on first ask and
  // the same ever after, so an instance's globals cost a record only once handed out and a
  // re-exported import is the handle it was imported as.
  exec::GlobalInst* global_handle(uint64_t* cells, const GlobalType& type);
  exec::ModuleInst* new_instance();

  // Whether `object` (any of the above) was created by this Store; handles from another
  // Store must not be linked into this one.
  bool owns(const void* object) const { return owned.contains(object); }
  // A wasm function is owned through its instance, so defined functions need no entry in
  // `owned`; host functions have none and are looked up there.
  bool owns(const exec::FuncInst* f) const { return f->instance ? f->instance->store == this : owns(static_cast<const void*>(f)); }

  // Declared first so it is released last, after the memories went back to the allocator.
  StoreClaims claims;
  Engine engine;
  Store& handle;
  void* user_data = nullptr;

  // Every record below is carved from here; declared before them so it outlives them.
  StoreArena arena;
  std::pmr::deque<exec::FuncInst> funcs{&arena};
  std::pmr::deque<HostFuncRecord> host_funcs{&arena};
  std::pmr::deque<RawHostFuncRecord> raw_host_funcs{&arena};
  // What this Store's records point into without owning (an InstancePre's host functions).
  std::pmr::vector<std::shared_ptr<const void>> keep_alive{&arena};
  // Per-Store objects of the layers above (store_extension); ~Store ends them before anything
  // else goes.
  std::pmr::vector<std::pair<const void*, std::shared_ptr<void>>> extensions{&arena};
  std::pmr::deque<exec::MemoryInst> memories{&arena};
  std::pmr::deque<exec::TableInst> tables{&arena};
  std::pmr::deque<exec::GlobalInst> globals{&arena};  // handles' records (global_handle)
  std::pmr::unordered_map<const uint64_t*, exec::GlobalInst*> global_handles{&arena};
  std::pmr::deque<exec::ModuleInst> instances{&arena};
  std::pmr::deque<exec::ZeroedBlock> zeroed_blocks{&arena};  // large blocks of new_funcs
  PointerSet owned{&arena};
  // `bytes` of zeros: from the arena, or a block of their own once large (zeroed_blocks).
  void* new_zeroed(size_t bytes, size_t alignment);

  // Declared last so it goes first: nothing may run while the objects above are torn down.
  std::unique_ptr<exec::ExecEnv, void (*)(exec::ExecEnv*)> env{nullptr, nullptr};
};

// Limits a host-created table or memory must respect; modules are held to them by validation.
Result<void> check_memory_type(const MemoryType& type);
Result<void> check_table_type(const TableType& type);

}  // namespace stratus::detail
