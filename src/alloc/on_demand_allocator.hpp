// The on-demand strategy: each memory gets its own reservation when it is created and
// gives it back when it dies. Simple, no up-front cost, one mmap + munmap per memory.
#pragma once

#include "alloc/instance_allocator.hpp"

namespace stratus::alloc {

class OnDemandAllocator final : public InstanceAllocator {
 public:
  Result<MemoryAllocation> allocate_memory(const MemoryRequest& request) override;
};

}  // namespace stratus::alloc
