// Where instances get their linear memories, tables and host-side state. The embedding layer
// asks an InstanceAllocator for each, so the strategy (on-demand, or pooled slots with
// copy-on-write images) is decided in one place.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "binary/module.hpp"
#include "exec/objects.hpp"
#include "stratus/engine.hpp"
#include "stratus/result.hpp"
#include "stratus/types.hpp"

namespace stratus::alloc {

// The module a memory belongs to. A pooling allocator keys its copy-on-write images by
// `module_key` and builds them from the active data segments; the on-demand allocator
// ignores it. Absent (null module) for memories the host creates directly.
struct MemoryOrigin {
  const void* module_key = nullptr;         // stable for the compiled module's lifetime
  const binary::Module* module = nullptr;   // its data segments and bytes
  uint32_t memory_index = 0;                // in the module's memory index space
};

struct MemoryRequest {
  MemoryType type;
  // Growth ceiling in bytes: the type's maximum capped by engine and store limits.
  uint64_t max_bytes = kMaxPages32 * kPageSize;
  // GuardPages or Explicit; Auto has been resolved by the engine before anyone allocates.
  BoundsChecks bounds_checks = BoundsChecks::Explicit;
  MemoryOrigin origin;
};

struct MemoryAllocation {
  std::unique_ptr<exec::MemoryBacking> backing;
  // True when the allocator already wrote the module's active data segments (an image
  // mapping); the instantiator then skips them. Never set by the on-demand allocator.
  bool data_initialized = false;
};

struct TableRequest {
  TableType type;
  // Growth ceiling in elements: the type's maximum capped by engine limits.
  uint64_t max_elements = UINT32_MAX;
};

// Bytes for the host-side records of one Store's instances (functions, globals, instances),
// handed out by a pooling allocator from a fixed slot. The Store carves its objects from it,
// falls back to the heap for whatever does not fit, and gives the slot back when it dies.
struct StateSlot {
  std::span<uint8_t> bytes;
  uint32_t index = 0;
};

// Thread-safe: one engine's allocator serves every Store on every thread. Releasing a
// memory is destroying its backing; a pooling allocator's backing returns its slot then,
// so an allocator must outlive every backing it handed out (the engine guarantees that).
class InstanceAllocator {
 public:
  virtual ~InstanceAllocator() = default;
  // Zero-filled, `type.limits.min` pages accessible, growable up to `max_bytes` at most.
  // Fails with ErrorKind::Resource when the address space or a limit says no.
  virtual Result<MemoryAllocation> allocate_memory(const MemoryRequest& request) = 0;
  // `type.limits.min` null elements, growable up to `max_elements`.
  virtual Result<std::unique_ptr<exec::TableBacking>> allocate_table(const TableRequest& request);
  // A slot for a Store's instance records; none when this allocator has none to give (the
  // Store then uses the heap). Plain values, not an owning object: this runs once per Store.
  virtual std::optional<StateSlot> allocate_state() { return std::nullopt; }
  virtual void release_state(uint32_t /*index*/) {}
};

// Tables on the heap: what the on-demand strategy uses, and what a pool falls back to.
// Fails with ErrorKind::Resource when the heap cannot hold `initial_elements`.
Result<std::unique_ptr<exec::TableBacking>> heap_table(uint64_t initial_elements);

}  // namespace stratus::alloc
