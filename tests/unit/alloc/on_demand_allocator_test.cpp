#include "alloc/on_demand_allocator.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "alloc/bounds_probe.hpp"

namespace stratus::alloc {
namespace {

MemoryRequest request(uint64_t min, std::optional<uint64_t> max, BoundsChecks checks) {
  MemoryRequest r;
  r.type.limits = {min, max};
  r.bounds_checks = checks;
  return r;
}

class OnDemandAllocatorTest : public ::testing::TestWithParam<BoundsChecks> {};

TEST_P(OnDemandAllocatorTest, InitialPagesAreZeroAndWritable) {
  OnDemandAllocator allocator;
  auto a = allocator.allocate_memory(request(2, 4, GetParam()));
  ASSERT_TRUE(a) << a.error().message();
  uint8_t* base = a->backing->base();
  ASSERT_NE(base, nullptr);
  for (uint64_t i = 0; i < 2 * kPageSize; i += 4096) EXPECT_EQ(base[i], 0);
  base[0] = 1;
  base[2 * kPageSize - 1] = 2;
  EXPECT_EQ(base[2 * kPageSize - 1], 2);
  EXPECT_FALSE(a->data_initialized);
}

TEST_P(OnDemandAllocatorTest, GrowsUpToTheMaximumAndNoFurther) {
  OnDemandAllocator allocator;
  auto a = allocator.allocate_memory(request(1, 3, GetParam()));
  ASSERT_TRUE(a) << a.error().message();
  auto& backing = *a->backing;
  EXPECT_TRUE(backing.grow_to(3 * kPageSize));
  backing.base()[3 * kPageSize - 1] = 7;
  EXPECT_EQ(backing.base()[2 * kPageSize], 0);  // newly grown bytes read as zero
  EXPECT_FALSE(backing.grow_to(4 * kPageSize));
  EXPECT_TRUE(backing.grow_to(2 * kPageSize));  // never shrinks; smaller sizes are already there
}

TEST_P(OnDemandAllocatorTest, ByteLimitCapsGrowth) {
  OnDemandAllocator allocator;
  auto r = request(1, std::nullopt, GetParam());
  r.max_bytes = 2 * kPageSize;
  auto a = allocator.allocate_memory(r);
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_TRUE(a->backing->grow_to(2 * kPageSize));
  EXPECT_FALSE(a->backing->grow_to(3 * kPageSize));
}

TEST_P(OnDemandAllocatorTest, InitialSizeOverTheLimitIsAResourceError) {
  OnDemandAllocator allocator;
  auto r = request(5, std::nullopt, GetParam());
  r.max_bytes = 2 * kPageSize;
  auto a = allocator.allocate_memory(r);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().kind(), ErrorKind::Resource);
  EXPECT_EQ(a.error().message(), "linear memory of 5 pages exceeds the limit of 2 pages");
}

TEST_P(OnDemandAllocatorTest, ZeroPageMemoryStillHasABase) {
  OnDemandAllocator allocator;
  auto a = allocator.allocate_memory(request(0, 0, GetParam()));
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_NE(a->backing->base(), nullptr);
  EXPECT_FALSE(a->backing->grow_to(kPageSize));
}

TEST_P(OnDemandAllocatorTest, AccessPastTheSizeFaults) {
  OnDemandAllocator allocator;
  auto a = allocator.allocate_memory(request(1, 2, GetParam()));
  ASSERT_TRUE(a) << a.error().message();
  volatile uint8_t* past_end = a->backing->base() + kPageSize;
  EXPECT_DEATH(*past_end = 1, "");
}

INSTANTIATE_TEST_SUITE_P(Modes, OnDemandAllocatorTest,
                         ::testing::Values(BoundsChecks::GuardPages, BoundsChecks::Explicit),
                         [](const auto& info) {
                           return info.param == BoundsChecks::GuardPages ? std::string("GuardPages")
                                                                         : std::string("Explicit");
                         });

TEST(OnDemandAllocator, GuardPagesReserveEightGiBPlusGuard) {
  OnDemandAllocator allocator;
  auto a = allocator.allocate_memory(request(1, 1, BoundsChecks::GuardPages));
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_GE(a->backing->reserved(), (uint64_t{8} << 30) + 16);
}

TEST(OnDemandAllocator, ExplicitReservesTheMaximumPlusASmallGuard) {
  OnDemandAllocator allocator;
  auto a = allocator.allocate_memory(request(1, 4, BoundsChecks::Explicit));
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_GE(a->backing->reserved(), 4 * kPageSize);
  EXPECT_LE(a->backing->reserved(), 6 * kPageSize);
}

}  // namespace
}  // namespace stratus::alloc
