// Released slots waiting to be reset together, so that a batch's madvise calls share their
// TLB flushes (see decommit.hpp). A waiting slot is in no free list: whoever takes a batch
// resets its slots and then frees them. Used by the memory and the table pools.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <span>

namespace stratus::alloc {

inline constexpr uint32_t kMaxReleaseBatch = 64;

template <class Entry>
class ReleaseBatch {
 public:
  // A full batch, or whatever was waiting, for the caller to reset. On the stack: no
  // allocation on the release path.
  struct Batch {
    std::array<Entry, kMaxReleaseBatch> entries;
    size_t count = 0;
    std::span<const Entry> view() const { return {entries.data(), count}; }
  };

  // `size` is 1 to kMaxReleaseBatch; 1 resets every slot as it is released.
  explicit ReleaseBatch(uint32_t size) : size_(size) {}

  // Queues `entry`; true when it completed a batch, which is then moved to `out`.
  bool add(const Entry& entry, Batch& out) {
    std::lock_guard lock(mutex_);
    waiting_.entries[waiting_.count++] = entry;
    if (waiting_.count < size_) return false;
    move_waiting(out);
    return true;
  }

  // Moves whatever waits to `out`; false when nothing did.
  bool take_all(Batch& out) {
    std::lock_guard lock(mutex_);
    if (waiting_.count == 0) return false;
    move_waiting(out);
    return true;
  }

  uint32_t waiting() const {
    std::lock_guard lock(mutex_);
    return static_cast<uint32_t>(waiting_.count);
  }

 private:
  void move_waiting(Batch& out) {
    std::copy_n(waiting_.entries.begin(), waiting_.count, out.entries.begin());
    out.count = waiting_.count;
    waiting_.count = 0;
  }

  mutable std::mutex mutex_;
  uint32_t size_;
  Batch waiting_;
};

}  // namespace stratus::alloc
