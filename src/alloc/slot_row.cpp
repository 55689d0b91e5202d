#include "alloc/slot_row.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace stratus::alloc {

Result<SlotRow> SlotRow::create(uint32_t slots, uint64_t slot_bytes, const char* what) {
  SlotRow row;
  row.slot_bytes_ = round_up(std::max<uint64_t>(slot_bytes, 1), system_page_size());
  if (slots == 0) return row;
  if (slots > UINT64_MAX / row.slot_bytes_)
    return Error(ErrorKind::Config, std::string(what) + " of " + std::to_string(slots) + " slots does not fit any address space");
  const uint64_t total = row.slot_bytes_ * slots;
  auto reservation = Reservation::reserve(total);
  if (!reservation) return Error(ErrorKind::Resource, std::string(what) + ": " + reservation.error().message());
  if (!reservation->commit(0, total))
    return Error(ErrorKind::Resource, std::string(what) + ": cannot make " + std::to_string(total) +
                                          " bytes of reserved address space writable");
  row.reservation_ = std::move(reservation).value();
  row.slots_ = slots;
  row.free_.reserve(slots);
  // Highest first, so slots are handed out from the low end.
  for (uint32_t i = slots; i-- > 0;) row.free_.push_back(i);
  return row;
}

SlotRow::SlotRow(SlotRow&& other) noexcept
    : reservation_(std::move(other.reservation_)),
      slot_bytes_(std::exchange(other.slot_bytes_, 0)),
      slots_(std::exchange(other.slots_, 0)),
      free_(std::move(other.free_)) {}

SlotRow& SlotRow::operator=(SlotRow&& other) noexcept {
  if (this != &other) {
    reservation_ = std::move(other.reservation_);
    slot_bytes_ = std::exchange(other.slot_bytes_, 0);
    slots_ = std::exchange(other.slots_, 0);
    free_ = std::move(other.free_);
  }
  return *this;
}

uint32_t SlotRow::take() {
  std::lock_guard lock(mutex_);
  if (free_.empty()) return UINT32_MAX;
  const uint32_t index = free_.back();
  free_.pop_back();
  return index;
}

void SlotRow::give_back(uint32_t index) {
  std::lock_guard lock(mutex_);
  free_.push_back(index);
}

uint32_t SlotRow::in_use() const {
  std::lock_guard lock(mutex_);
  return slots_ - static_cast<uint32_t>(free_.size());
}

}  // namespace stratus::alloc
