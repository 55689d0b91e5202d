// The pooling strategy: address space for every linear memory, table and Store's instance
// state is reserved once, as rows of equal slots, and reused. Taking a slot costs no
// mmap/munmap; releasing one wipes it (the first keep-resident bytes restored in place, the
// rest by madvise(MADV_DONTNEED)) so nothing of one tenant is visible to the next. A slot remembers the copy-on-write image it last
// held, so a new instance of the same module takes a warm slot with its image still mapped.
#pragma once

#include <sys/uio.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "alloc/instance_allocator.hpp"
#include "alloc/memory_image.hpp"
#include "alloc/on_demand_allocator.hpp"
#include "alloc/release_batch.hpp"
#include "alloc/reservation.hpp"
#include "alloc/state_pool.hpp"
#include "alloc/table_pool.hpp"

namespace stratus::alloc {

struct PoolingAllocatorConfig {
  uint32_t slots = 1000;
  // Growth ceiling of every memory, a multiple of 64 KiB.
  uint64_t max_memory_bytes = uint64_t{256} << 20;
  uint64_t keep_resident_bytes = 10 * 1024;
  bool memory_images = true;
  // Released memory and table slots wait until this many gather (1 to kMaxReleaseBatch),
  // then are reset together: their madvise calls share TLB flushes. 1 resets each at release.
  uint32_t decommit_batch = 16;
  // Mark memory slots MADV_HUGEPAGE when the host gives such memory small folios (16 KiB to
  // 1 MiB) and not 2 MiB pages; see alloc/huge_pages.hpp.
  bool small_huge_pages = true;
  // Table slots (one per memory slot) of this many elements, reset like memory slots.
  uint64_t table_elements = PoolingConfig{}.table_elements;
  uint64_t table_keep_resident_bytes = 10 * 1024;
  // Instance-state slots (one per memory slot) of this many bytes; a Store whose records
  // outgrow its slot continues on the heap.
  uint64_t state_bytes = uint64_t{1} << 20;
  // GuardPages: each slot spans 4 GiB + guard, so code skips bounds checks. Explicit: each
  // slot spans max_memory_bytes + a small guard.
  BoundsChecks bounds_checks = BoundsChecks::Explicit;
};

// Bytes of address space one memory slot takes, and the whole pool (memories, tables, state).
uint64_t pool_slot_bytes(const PoolingAllocatorConfig& config);
uint64_t pool_reservation_bytes(const PoolingAllocatorConfig& config);

// Whether `bytes` of address space can be reserved now: checks RLIMIT_AS against what the
// process already maps, then reserves and releases. The error names the size.
Result<void> probe_address_space(uint64_t bytes);

// The check every allocator under a limit shares: the growth ceiling of a memory of `request`
// under `max_memory_bytes`, or an error naming both sizes when its minimum is larger.
Result<uint64_t> memory_growth_limit(const MemoryRequest& request, uint64_t max_memory_bytes);

class PoolingAllocator final : public InstanceAllocator {
 public:

  // Probes, then reserves the whole pool. Fails with ErrorKind::Resource naming the size.
  static Result<std::unique_ptr<PoolingAllocator>> create(const PoolingAllocatorConfig& config);
  ~PoolingAllocator() override;

  Result<MemoryAllocation> allocate_memory(const MemoryRequest& request) override;
  Result<std::unique_ptr<exec::TableBacking>> allocate_table(const TableRequest& request) override;
  std::optional<StateSlot> allocate_state() override { return states_.allocate(); }
  void release_state(uint32_t index) override { states_.release(index); }

  // Says which live compiled module `key` (MemoryOrigin::module_key) designates now.
  // Images are kept per key and checked against `owner`, so a module compiled later at a
  // recycled address never receives a dead module's image.
  void register_module(const void* key, const std::weak_ptr<const void>& owner);

  const PoolingAllocatorConfig& config() const { return config_; }
  uint32_t slots_in_use() const;
  uint32_t table_slots_in_use() const { return tables_.slots_in_use(); }
  uint32_t state_slots_in_use() const { return states_.slots_in_use(); }
  // Memories that found the pool full and were reserved on demand instead.
  uint64_t overflow_allocations() const;
  // Whether memory slots ask for small transparent huge pages.
  bool uses_small_huge_pages() const { return huge_pages_; }

  // Called by a slot's backing when its memory dies.
  void release(uint32_t slot);

  struct Slot {
    std::shared_ptr<const MemoryImage> image;  // mapped at its offset while set
    uint64_t accessible = 0;                   // bytes from the base that are read/write
  };

 private:
  PoolingAllocator(const PoolingAllocatorConfig& config, Reservation reservation, TablePool tables, StatePool states);
  uint8_t* slot_base(uint32_t slot) const { return reservation_.base() + uint64_t{slot} * slot_bytes_; }
  std::shared_ptr<const MemoryImage> image_for(const MemoryRequest& request);
  // A free slot, preferring one that already holds `image`; UINT32_MAX when all are taken.
  uint32_t pop_free_slot(const MemoryImage* image);
  // The same, resetting released slots that wait for their batch when none is free.
  uint32_t take_slot(const MemoryImage* image);
  bool prepare(uint32_t slot, const std::shared_ptr<const MemoryImage>& image, uint64_t initial_bytes);
  // Puts the slot's keep-resident bytes back in place; returns the rest of its accessible
  // range, for the caller to decommit.
  iovec restore_kept(uint32_t slot);
  // Resets released slots together and makes them free.
  void reset_and_free(const ReleaseBatch<uint32_t>::Batch& batch);

  struct ImageEntry {
    std::weak_ptr<const void> owner;
    bool built = false;
    std::shared_ptr<const MemoryImage> image;  // null when the module has none
  };

  PoolingAllocatorConfig config_;
  uint64_t slot_bytes_;
  Reservation reservation_;
  std::vector<Slot> slots_;  // each touched only by whoever holds that slot
  ReleaseBatch<uint32_t> released_;  // released, not yet reset: in no free list
  bool huge_pages_ = false;  // small_huge_pages, and the host offers them
  OnDemandAllocator overflow_;
  TablePool tables_;
  StatePool states_;

  mutable std::mutex mutex_;
  std::vector<uint32_t> cold_;  // free slots holding no image
  std::unordered_map<const MemoryImage*, std::vector<uint32_t>> warm_;  // free slots by image
  uint32_t in_use_ = 0;
  uint64_t overflow_count_ = 0;
  std::unordered_map<const void*, ImageEntry> images_;
  size_t images_after_sweep_ = 16;
};

}  // namespace stratus::alloc
