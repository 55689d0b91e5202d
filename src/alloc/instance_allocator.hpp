// Where instances get their linear memories. The embedding layer asks an InstanceAllocator
// for every memory it creates, so the reservation strategy (on-demand now, pooled slots
// with copy-on-write images later) is decided in one place.
#pragma once

#include <cstdint>
#include <memory>
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

// Thread-safe: one engine's allocator serves every Store on every thread. Releasing a
// memory is destroying its backing; a pooling allocator's backing returns its slot then,
// so an allocator must outlive every backing it handed out (the engine guarantees that).
class InstanceAllocator {
 public:
  virtual ~InstanceAllocator() = default;
  // Zero-filled, `type.limits.min` pages accessible, growable up to `max_bytes` at most.
  // Fails with ErrorKind::Resource when the address space or a limit says no.
  virtual Result<MemoryAllocation> allocate_memory(const MemoryRequest& request) = 0;
};

}  // namespace stratus::alloc
