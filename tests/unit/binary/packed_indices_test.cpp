// PackedIndices keeps every value it was given, whatever width the largest one needs.
#include "binary/packed_indices.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace stratus::binary {
namespace {

TEST(PackedIndices, WidensOnlyWhenAValueNeedsIt) {
  PackedIndices list;
  EXPECT_TRUE(list.empty());
  std::vector<uint32_t> expected;
  auto add = [&](uint32_t v) {
    list.push_back(v);
    expected.push_back(v);
  };
  list.reserve(1000);
  for (uint32_t v = 0; v < 256; ++v) add(v);  // a byte each
  add(256);                                    // two bytes each from here
  add(0xFFFF);
  add(7);
  add(0x10000);                                // four
  add(0xFFFFFFFFu);
  add(3);
  ASSERT_EQ(list.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(list[i], expected[i]) << i;
}

TEST(PackedIndices, SetWidensToo) {
  PackedIndices list;
  for (uint32_t v = 0; v < 10; ++v) list.push_back(v);
  list.set(3, 70'000);
  list.set(4, 9);
  EXPECT_EQ(list.size(), 10u);
  for (uint32_t i = 0; i < 10; ++i) EXPECT_EQ(list[i], i == 3 ? 70'000u : i == 4 ? 9u : i) << i;
}

}  // namespace
}  // namespace stratus::binary
