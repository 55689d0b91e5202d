#include "alloc/state_pool.hpp"

#include <utility>

namespace stratus::alloc {

namespace {

class PooledStateBacking final : public StateBacking {
 public:
  PooledStateBacking(StatePool& pool, uint32_t slot, std::span<uint8_t> bytes) : pool_(pool), slot_(slot), bytes_(bytes) {}
  ~PooledStateBacking() override { pool_.release(slot_); }
  std::span<uint8_t> bytes() const override { return bytes_; }

 private:
  StatePool& pool_;
  uint32_t slot_;
  std::span<uint8_t> bytes_;
};

}  // namespace

Result<StatePool> StatePool::create(uint32_t slots, uint64_t bytes_per_slot) {
  StatePool pool;
  auto row = SlotRow::create(slots, bytes_per_slot, "instance state pool");
  if (!row) return row.error();
  pool.row_ = std::move(row).value();
  return pool;
}

std::unique_ptr<StateBacking> StatePool::allocate() {
  const uint32_t slot = row_.take();
  if (slot == UINT32_MAX) return nullptr;
  return std::make_unique<PooledStateBacking>(*this, slot, std::span<uint8_t>(row_.slot(slot), row_.slot_bytes()));
}

}  // namespace stratus::alloc
