// Pooled tables: one slot of `elements` entries per table, reserved once per engine. A slot is
// wiped like a memory slot, in batches (memset the first keep-resident bytes, madvise the
// rest), before anyone gets it again, so no tenant sees another's function references.
#pragma once

#include <cstdint>
#include <memory>

#include "alloc/instance_allocator.hpp"
#include "alloc/release_batch.hpp"
#include "alloc/slot_row.hpp"

namespace stratus::alloc {

class TablePool {
 public:
  TablePool() = default;
  // Released slots are wiped in batches of `decommit_batch` (1 to kMaxReleaseBatch).
  static Result<TablePool> create(uint32_t slots, uint64_t elements, uint64_t keep_resident_bytes,
                                  uint32_t decommit_batch = 1);
  static uint64_t slot_bytes(uint64_t elements);

  // A pooled slot when one is free; the heap otherwise, or when the initial size does not
  // fit a slot. A pooled table that grows past its slot moves to the heap.
  Result<std::unique_ptr<exec::TableBacking>> allocate(const TableRequest& request);
  uint32_t slots_in_use() const;
  uint64_t elements_per_slot() const { return elements_; }

  // Called by a slot's backing when its table dies or moves out. The slot waits for its
  // batch, then its `used` elements are wiped and it is free again.
  void release(uint32_t slot, uint64_t used);

 private:
  struct Released {
    uint32_t slot;
    uint64_t used;
  };
  using Batch = ReleaseBatch<Released>::Batch;
  void wipe_and_free(const Batch& batch);
  // Wipes whatever waits; false if nothing did.
  bool flush();

  SlotRow row_;
  uint64_t elements_ = 0;
  uint64_t keep_resident_ = 0;
  std::unique_ptr<ReleaseBatch<Released>> waiting_;  // on the heap: the pool itself moves
};

}  // namespace stratus::alloc
