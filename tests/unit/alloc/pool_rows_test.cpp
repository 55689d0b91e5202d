// The rows behind pooled tables and instance state: slot hand-out, the wipe between
// tenants, and the table slot's move to the heap when it outgrows its slot.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "alloc/decommit.hpp"
#include "alloc/slot_row.hpp"
#include "alloc/state_pool.hpp"
#include "alloc/table_pool.hpp"

namespace stratus::alloc {
namespace {

TableRequest table_request(uint64_t min, uint64_t max_elements) {
  TableRequest r;
  r.type.elem = ValType::FuncRef;
  r.type.limits = {min, max_elements};
  r.max_elements = max_elements;
  return r;
}

void* fake_ref(uintptr_t n) { return reinterpret_cast<void*>(n * 16); }

TEST(Reservation, AnAlignedReservationStartsOnTheBoundaryAndIsUsable) {
  const uint64_t page = system_page_size();
  for (uint64_t alignment : {page, uint64_t{64} << 10, uint64_t{2} << 20}) {
    auto r = Reservation::reserve_aligned(10 * page, alignment);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(reinterpret_cast<uintptr_t>(r->base()) % alignment, 0u) << alignment;
    EXPECT_EQ(r->size(), 10 * page);
    ASSERT_TRUE(r->commit(0, 10 * page));
    r->base()[0] = 1;
    r->base()[10 * page - 1] = 2;
    EXPECT_EQ(r->base()[10 * page - 1], 2);
  }
}

TEST(SlotRow, HandsOutEverySlotOnceThenSaysFull) {
  auto row = SlotRow::create(3, 100, "test row");
  ASSERT_TRUE(row) << row.error().message();
  EXPECT_EQ(row->slot_bytes() % system_page_size(), 0u);
  std::vector<uint32_t> taken;
  for (int i = 0; i < 3; ++i) taken.push_back(row->take());
  EXPECT_EQ(row->take(), UINT32_MAX);
  EXPECT_EQ(row->in_use(), 3u);
  EXPECT_NE(taken[0], taken[1]);
  EXPECT_NE(taken[1], taken[2]);
  row->give_back(taken[1]);
  EXPECT_EQ(row->take(), taken[1]);  // the most recently released comes back first
}

TEST(TablePool, ATableTakesASlotAndGivesItBackWiped) {
  auto pool = TablePool::create(1, 4096, 1024);
  ASSERT_TRUE(pool) << pool.error().message();
  {
    auto table = pool->allocate(table_request(3000, 4096));
    ASSERT_TRUE(table);
    EXPECT_EQ(pool->slots_in_use(), 1u);
    void** elems = (*table)->data();
    for (uint64_t i = 0; i < 3000; ++i) ASSERT_EQ(elems[i], nullptr);
    for (uint64_t i = 0; i < 3000; ++i) elems[i] = fake_ref(i + 1);
  }
  EXPECT_EQ(pool->slots_in_use(), 0u);
  auto next = pool->allocate(table_request(4096, 4096));
  ASSERT_TRUE(next);
  void** elems = (*next)->data();
  for (uint64_t i = 0; i < 4096; ++i) ASSERT_EQ(elems[i], nullptr) << i;
}

TEST(TablePool, AFullPoolOrAnOversizedTableUsesTheHeap) {
  auto pool = TablePool::create(1, 64, 0);
  ASSERT_TRUE(pool);
  auto oversized = pool->allocate(table_request(65, 100));
  ASSERT_TRUE(oversized);
  EXPECT_EQ(pool->slots_in_use(), 0u);
  auto first = pool->allocate(table_request(10, 64));
  auto second = pool->allocate(table_request(10, 64));
  ASSERT_TRUE(first);
  ASSERT_TRUE(second);
  EXPECT_EQ(pool->slots_in_use(), 1u);
  EXPECT_NE((*first)->data(), (*second)->data());
  EXPECT_EQ((*second)->data()[9], nullptr);
}

TEST(TablePool, GrowingPastTheSlotMovesToTheHeapKeepingElements) {
  auto pool = TablePool::create(1, 64, 0);
  ASSERT_TRUE(pool);
  auto table = pool->allocate(table_request(10, 1000));
  ASSERT_TRUE(table);
  exec::TableBacking& backing = **table;
  for (uint64_t i = 0; i < 10; ++i) backing.data()[i] = fake_ref(i + 1);
  ASSERT_TRUE(backing.grow_to(64));  // still in the slot
  EXPECT_EQ(pool->slots_in_use(), 1u);
  backing.data()[63] = fake_ref(99);
  ASSERT_TRUE(backing.grow_to(500));  // moves
  EXPECT_EQ(pool->slots_in_use(), 0u);
  for (uint64_t i = 0; i < 10; ++i) EXPECT_EQ(backing.data()[i], fake_ref(i + 1));
  EXPECT_EQ(backing.data()[63], fake_ref(99));
  EXPECT_EQ(backing.data()[499], nullptr);
  // The slot it left was wiped for the next table.
  auto next = pool->allocate(table_request(64, 64));
  ASSERT_TRUE(next);
  for (uint64_t i = 0; i < 64; ++i) ASSERT_EQ((*next)->data()[i], nullptr) << i;
}

// With a batch of 2, a release may wait: the table slot is in no free list until its batch
// is wiped, or until an allocation finds nothing else free.
TEST(TablePool, BatchedReleasesWipeBeforeReuse) {
  auto pool = TablePool::create(2, 2048, 1024, 2);
  ASSERT_TRUE(pool);
  for (int round = 0; round < 5; ++round) {
    std::vector<std::unique_ptr<exec::TableBacking>> tables;
    for (int t = 0; t <= round % 2; ++t) {
      auto table = pool->allocate(table_request(2048, 2048));
      ASSERT_TRUE(table);
      EXPECT_EQ(pool->slots_in_use(), static_cast<uint32_t>(t + 1)) << round;
      void** elems = (*table)->data();
      for (uint64_t i = 0; i < 2048; i += 7) ASSERT_EQ(elems[i], nullptr) << round << " " << i;
      for (uint64_t i = 0; i < 2048; ++i) elems[i] = fake_ref(i + 1);
      tables.push_back(std::move(table).value());
    }
    tables.clear();
    EXPECT_EQ(pool->slots_in_use(), 0u) << round;
  }
}

TEST(StatePool, HandsOutSlotsUntilFull) {
  auto pool = StatePool::create(2, 5000);
  ASSERT_TRUE(pool) << pool.error().message();
  auto a = pool->allocate();
  auto b = pool->allocate();
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_FALSE(pool->allocate());
  EXPECT_GE(a->bytes.size(), 5000u);
  EXPECT_NE(a->bytes.data(), b->bytes.data());
  a->bytes[a->bytes.size() - 1] = 1;  // the whole slot is writable
  pool->release(b->index);
  EXPECT_EQ(pool->slots_in_use(), 1u);
  auto again = pool->allocate();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->bytes.data(), b->bytes.data());
}

// Several ranges in one call (vectored where the kernel allows it), one range alone, and
// pages between the ranges left as they were.
TEST(Decommit, EveryRangeReadsAsZeroAndNothingElseChanges) {
  const uint64_t page = system_page_size();
  auto row = SlotRow::create(1, 64 * page, "test row");
  ASSERT_TRUE(row);
  uint8_t* p = row->slot(0);
  std::memset(p, 0x5a, 64 * page);
  std::vector<iovec> ranges;
  for (int i = 0; i < 8; ++i) ranges.push_back(iovec{p + (8 * i) * page, 4 * page});
  decommit(ranges);
  decommit(std::span<const iovec>(ranges).first(0));
  for (int i = 0; i < 8; ++i) {
    for (uint64_t b = 0; b < 4 * page; b += 256) ASSERT_EQ(p[(8 * i) * page + b], 0) << i << " " << b;
    for (uint64_t b = 4 * page; b < 8 * page; b += 256) ASSERT_EQ(p[(8 * i) * page + b], 0x5a) << i << " " << b;
  }
  std::memset(p, 0x11, page);
  const iovec one{p, page};
  decommit({&one, 1});
  EXPECT_EQ(p[0], 0);
  EXPECT_EQ(p[page - 1], 0);
}

}  // namespace
}  // namespace stratus::alloc
