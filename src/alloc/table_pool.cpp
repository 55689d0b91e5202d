#include "alloc/table_pool.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "alloc/decommit.hpp"

namespace stratus::alloc {

namespace {

class PooledTableBacking final : public exec::TableBacking {
 public:
  PooledTableBacking(TablePool& pool, uint32_t slot, void** elems, uint64_t size)
      : pool_(pool), slot_(slot), elems_(elems), high_water_(size) {}
  ~PooledTableBacking() override {
    if (!moved_) pool_.release(slot_, high_water_);
  }

  void** data() const override { return moved_ ? moved_->data() : elems_; }

  bool grow_to(uint64_t new_size) override {
    if (moved_) return moved_->grow_to(new_size);
    if (new_size <= pool_.elements_per_slot()) {
      // The slot was wiped when released, so elements past the old size are already null.
      high_water_ = std::max(high_water_, new_size);
      return true;
    }
    auto heap = heap_table(new_size);
    if (!heap) return false;
    std::copy(elems_, elems_ + high_water_, (*heap)->data());
    pool_.release(slot_, high_water_);
    moved_ = std::move(heap).value();
    return true;
  }

 private:
  TablePool& pool_;
  uint32_t slot_;
  void** elems_;
  uint64_t high_water_;  // elements ever made usable: what the wipe must cover
  std::unique_ptr<exec::TableBacking> moved_;
};

}  // namespace

uint64_t TablePool::slot_bytes(uint64_t elements) { return round_up(elements * sizeof(void*), system_page_size()); }

Result<TablePool> TablePool::create(uint32_t slots, uint64_t elements, uint64_t keep_resident_bytes,
                                    uint32_t decommit_batch) {
  TablePool pool;
  auto row = SlotRow::create(slots, slot_bytes(elements), "table pool");
  if (!row) return row.error();
  pool.row_ = std::move(row).value();
  pool.elements_ = elements;
  pool.keep_resident_ = round_up(keep_resident_bytes, system_page_size());
  pool.waiting_ = std::make_unique<ReleaseBatch<Released>>(decommit_batch);
  return pool;
}

Result<std::unique_ptr<exec::TableBacking>> TablePool::allocate(const TableRequest& request) {
  const uint64_t initial = request.type.limits.min;
  uint32_t slot = initial <= elements_ ? row_.take() : UINT32_MAX;
  if (slot == UINT32_MAX && initial <= elements_ && flush()) slot = row_.take();
  if (slot == UINT32_MAX) return heap_table(initial);
  return std::unique_ptr<exec::TableBacking>(
      std::make_unique<PooledTableBacking>(*this, slot, reinterpret_cast<void**>(row_.slot(slot)), initial));
}

uint32_t TablePool::slots_in_use() const { return row_.in_use() - waiting_->waiting(); }

void TablePool::release(uint32_t slot, uint64_t used) {
  Batch batch;
  if (waiting_->add({slot, used}, batch)) wipe_and_free(batch);
}

bool TablePool::flush() {
  Batch batch;
  if (!waiting_->take_all(batch)) return false;
  wipe_and_free(batch);
  return true;
}

// Zeros the first keep-resident bytes of each slot in place and gives the rest of what it
// used back to the OS, every slot's rest in one decommit call.
void TablePool::wipe_and_free(const Batch& batch) {
  iovec rest[kMaxReleaseBatch];
  size_t count = 0;
  for (const Released& r : batch.view()) {
    uint8_t* base = row_.slot(r.slot);
    const uint64_t bytes = std::min(round_up(r.used * sizeof(void*), system_page_size()), row_.slot_bytes());
    const uint64_t kept = std::min(keep_resident_, bytes);
    std::memset(base, 0, kept);
    if (kept < bytes) rest[count++] = iovec{base + kept, bytes - kept};
  }
  decommit({rest, count});
  for (const Released& r : batch.view()) row_.give_back(r.slot);
}

}  // namespace stratus::alloc
