// The pointer set behind StoreImpl::owns: every inserted address is found through growth,
// no other address is, and null is never a member.
#include "embed/pointer_set.hpp"

#include <gtest/gtest.h>

#include <memory_resource>
#include <vector>

namespace stratus::detail {
namespace {

TEST(PointerSet, FindsWhatWasInsertedThroughGrowth) {
  std::pmr::monotonic_buffer_resource arena;
  PointerSet set(&arena);
  std::vector<uint64_t> objects(1000);
  std::vector<uint64_t> others(1000);
  EXPECT_FALSE(set.contains(&objects[0]));
  for (size_t i = 0; i < objects.size(); ++i) {
    set.insert(&objects[i]);
    set.insert(&objects[i]);  // again: still one member
    ASSERT_TRUE(set.contains(&objects[i])) << i;
    ASSERT_TRUE(set.contains(&objects[0]));
  }
  for (const uint64_t& o : objects) EXPECT_TRUE(set.contains(&o));
  for (const uint64_t& o : others) EXPECT_FALSE(set.contains(&o));
}

TEST(PointerSet, NullIsNeverAMember) {
  std::pmr::monotonic_buffer_resource arena;
  PointerSet set(&arena);
  set.insert(nullptr);
  EXPECT_FALSE(set.contains(nullptr));
  int x = 0;
  set.insert(&x);
  EXPECT_FALSE(set.contains(nullptr));
  EXPECT_TRUE(set.contains(&x));
}

}  // namespace
}  // namespace stratus::detail
