// A row of equal slots reserved once and reused: the storage of pooled tables and pooled
// instance state. Linear memories have their own row (pooling_allocator.cpp) because their
// slots change protection and hold images; these slots are plain read/write memory.
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "alloc/reservation.hpp"
#include "stratus/result.hpp"

namespace stratus::alloc {

class SlotRow {
 public:
  SlotRow() = default;
  // Reserves slots x slot_bytes (slot_bytes rounded up to whole pages) of read/write memory
  // that costs nothing until touched. `what` names the row in errors ("table pool").
  static Result<SlotRow> create(uint32_t slots, uint64_t slot_bytes, const char* what);
  SlotRow(SlotRow&& other) noexcept;
  SlotRow& operator=(SlotRow&& other) noexcept;

  uint8_t* slot(uint32_t index) const { return reservation_.base() + uint64_t{index} * slot_bytes_; }
  uint64_t slot_bytes() const { return slot_bytes_; }
  uint32_t slots() const { return slots_; }
  bool empty() const { return slots_ == 0; }

  // A free slot, the most recently released first (its pages are likeliest resident);
  // UINT32_MAX when every slot is taken. Thread-safe.
  uint32_t take();
  void give_back(uint32_t index);
  uint32_t in_use() const;

 private:
  Reservation reservation_;
  uint64_t slot_bytes_ = 0;
  uint32_t slots_ = 0;
  mutable std::mutex mutex_;
  std::vector<uint32_t> free_;
};

}  // namespace stratus::alloc
