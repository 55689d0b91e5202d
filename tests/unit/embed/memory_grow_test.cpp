#include <gtest/gtest.h>

#include "stratus/stratus.hpp"
#include "test_support.hpp"

namespace stratus {
namespace {

class MemoryGrowTest : public ::testing::TestWithParam<BoundsChecks> {};

TEST_P(MemoryGrowTest, GrowStopsAtTheMaximumAndAccessesFollowTheSize) {
  Engine engine = Engine::create(EngineConfig{.bounds_checks = GetParam()}).unwrap();
  Store store(engine);
  Instance inst = test::expect_ok(Linker(engine).instantiate(store, test::load(engine, "memory_grow")));
  auto grow = test::expect_ok(inst.get_func("grow")->typed<int32_t(int32_t)>());
  auto size = test::expect_ok(inst.get_func("size")->typed<int32_t()>());
  auto store8 = test::expect_ok(inst.get_func("store")->typed<void(int32_t, int32_t)>());
  auto load = test::expect_ok(inst.get_func("load")->typed<int32_t(int32_t)>());

  const int32_t page = static_cast<int32_t>(kPageSize);
  auto oob = load.call(store, page);
  ASSERT_FALSE(oob);
  EXPECT_EQ(oob.error().trap()->kind(), TrapKind::OutOfBoundsMemoryAccess);

  EXPECT_EQ(*grow.call(store, 1), 1);
  EXPECT_EQ(*size.call(store), 2);
  ASSERT_TRUE(store8.call(store, 2 * page - 1, 99));
  EXPECT_EQ(*load.call(store, 2 * page - 1), 99);
  EXPECT_EQ(*grow.call(store, 2), -1);  // would exceed the maximum of 3
  EXPECT_EQ(*grow.call(store, 1), 2);
  EXPECT_EQ(*grow.call(store, 1), -1);
  EXPECT_EQ(*size.call(store), 3);
  EXPECT_EQ(inst.get_memory("mem")->pages(), 3u);
  EXPECT_FALSE(load.call(store, 3 * page));
  EXPECT_FALSE(load.call(store, -1));
}

INSTANTIATE_TEST_SUITE_P(Modes, MemoryGrowTest, ::testing::Values(BoundsChecks::GuardPages, BoundsChecks::Explicit),
                         [](const auto& info) {
                           return info.param == BoundsChecks::GuardPages ? std::string("GuardPages")
                                                                         : std::string("Explicit");
                         });

}  // namespace
}  // namespace stratus
