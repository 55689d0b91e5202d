// A set of object addresses for StoreImpl::owns: open addressing over a power-of-two table
// carved from the Store's arena, so recording an object costs a probe or two rather than a
// hash node and the prime rehash policy of std::unordered_set.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <vector>

namespace stratus::detail {

class PointerSet {
 public:
  explicit PointerSet(std::pmr::memory_resource* resource) : slots_(resource) {}

  void insert(const void* p) {
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    if (place(slots_, p)) ++size_;
  }

  bool contains(const void* p) const {
    if (!p || slots_.empty()) return false;
    const size_t mask = slots_.size() - 1;
    for (size_t i = slot_of(p, mask);; i = (i + 1) & mask) {
      if (slots_[i] == p) return true;
      if (!slots_[i]) return false;
    }
  }

 private:
  static size_t slot_of(const void* p, size_t mask) {
    // Objects are at least 8-byte aligned; Fibonacci hashing spreads the rest.
    return static_cast<size_t>((reinterpret_cast<uintptr_t>(p) >> 3) * 0x9E3779B97F4A7C15ull >> 32) & mask;
  }

  // Whether `p` was new. `slots` has a free slot.
  static bool place(std::pmr::vector<const void*>& slots, const void* p) {
    if (!p) return false;
    const size_t mask = slots.size() - 1;
    for (size_t i = slot_of(p, mask);; i = (i + 1) & mask) {
      if (slots[i] == p) return false;
      if (!slots[i]) {
        slots[i] = p;
        return true;
      }
    }
  }

  void grow() {
    std::pmr::vector<const void*> bigger(slots_.empty() ? 64 : slots_.size() * 2, nullptr, slots_.get_allocator());
    for (const void* p : slots_)
      if (p) place(bigger, p);
    slots_.swap(bigger);
  }

  std::pmr::vector<const void*> slots_;
  size_t size_ = 0;
};

}  // namespace stratus::detail
