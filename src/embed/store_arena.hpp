// Where a Store's instance records live: a pooled instance-state slot when the engine's
// allocator has one, then the heap. Records are only ever freed all together, with the Store,
// so this is a bump allocator; the slot is taken on the first allocation, so a Store that never
// instantiates anything holds none.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <memory_resource>
#include <optional>

#include "alloc/instance_allocator.hpp"

namespace stratus::detail {

class StoreArena final : public std::pmr::memory_resource {
 public:
  static constexpr size_t kFirstBlockBytes = 8192;
  explicit StoreArena(alloc::InstanceAllocator& allocator) : allocator_(allocator) {}
  ~StoreArena() override {
    if (slot_) allocator_.release_state(slot_->index);
  }
  StoreArena(const StoreArena&) = delete;
  StoreArena& operator=(const StoreArena&) = delete;

  // Bytes handed out from the pooled slot and from the heap (for tests and benchmarks).
  size_t slot_bytes_used() const { return used_; }
  bool has_slot() const { return slot_.has_value(); }

 private:
  void* do_allocate(size_t bytes, size_t alignment) override;
  void do_deallocate(void*, size_t, size_t) override {}  // everything goes with the Store
  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override { return this == &other; }

  alloc::InstanceAllocator& allocator_;
  bool asked_ = false;
  std::optional<alloc::StateSlot> slot_;
  size_t used_ = 0;
  // Without a slot (on-demand allocation), a small Store's records fit here, carved from the
  // Store's own allocation instead of a run of growing heap blocks (each an aligned new).
  // Left unzeroed: it is only handed out.
  alignas(std::max_align_t) std::byte first_block_[kFirstBlockBytes];
  // Declared after the slot so it is released first; its further blocks come from the heap.
  std::pmr::monotonic_buffer_resource overflow_{first_block_, sizeof first_block_, std::pmr::new_delete_resource()};
};

}  // namespace stratus::detail
