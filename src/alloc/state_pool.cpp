#include "alloc/state_pool.hpp"

#include <utility>

namespace stratus::alloc {

Result<StatePool> StatePool::create(uint32_t slots, uint64_t bytes_per_slot) {
  StatePool pool;
  auto row = SlotRow::create(slots, bytes_per_slot, "instance state pool");
  if (!row) return row.error();
  pool.row_ = std::move(row).value();
  return pool;
}

std::optional<StateSlot> StatePool::allocate() {
  const uint32_t slot = row_.take();
  if (slot == UINT32_MAX) return std::nullopt;
  return StateSlot{std::span<uint8_t>(row_.slot(slot), row_.slot_bytes()), slot};
}

}  // namespace stratus::alloc
