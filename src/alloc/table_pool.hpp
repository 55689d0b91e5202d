// Pooled tables: one slot of `elements` entries per table, reserved once per engine. A slot is
// wiped on release like a memory slot (memset the first keep-resident bytes, madvise the
// rest), so no tenant sees another's function references.
#pragma once

#include <cstdint>
#include <memory>

#include "alloc/instance_allocator.hpp"
#include "alloc/slot_row.hpp"

namespace stratus::alloc {

class TablePool {
 public:
  TablePool() = default;
  static Result<TablePool> create(uint32_t slots, uint64_t elements, uint64_t keep_resident_bytes);
  static uint64_t slot_bytes(uint64_t elements);

  // A pooled slot when one is free; the heap otherwise, or when the initial size does not
  // fit a slot. A pooled table that grows past its slot moves to the heap.
  Result<std::unique_ptr<exec::TableBacking>> allocate(const TableRequest& request);
  uint32_t slots_in_use() const { return row_.in_use(); }
  uint64_t elements_per_slot() const { return elements_; }

  // Called by a slot's backing when its table dies or moves out: wipes the `used` elements.
  void release(uint32_t slot, uint64_t used);

 private:
  SlotRow row_;
  uint64_t elements_ = 0;
  uint64_t keep_resident_ = 0;
};

}  // namespace stratus::alloc
