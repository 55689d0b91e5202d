#include "embed/store_arena.hpp"

namespace stratus::detail {

void* StoreArena::do_allocate(size_t bytes, size_t alignment) {
  if (!asked_) {
    asked_ = true;
    slot_ = allocator_.allocate_state();
  }
  if (slot_) {
    const std::span<uint8_t> slot = slot_->bytes;
    const size_t start = (used_ + alignment - 1) & ~(alignment - 1);
    if (start <= slot.size() && bytes <= slot.size() - start) {
      used_ = start + bytes;
      return slot.data() + start;
    }
  }
  return overflow_.allocate(bytes, alignment);
}

}  // namespace stratus::detail
