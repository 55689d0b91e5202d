// The packed arguments and environment: what args_get and environ_get copy out whole.
#include "wasi/string_list.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace stratus::wasi {
namespace {

TEST(StringList, PacksEachStringWithItsNul) {
  const StringList list{"prog.wasm", "", "a b"};
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0], "prog.wasm");
  EXPECT_EQ(list[1], "");
  EXPECT_EQ(list[2], "a b");
  EXPECT_EQ(list.packed(), std::string_view("prog.wasm\0\0a b\0", 15));
  EXPECT_EQ(list.offset(0), 0u);
  EXPECT_EQ(list.offset(1), 10u);
  EXPECT_EQ(list.offset(2), 11u);
  EXPECT_EQ(list.to_vector(), (std::vector<std::string>{"prog.wasm", "", "a b"}));
}

TEST(StringList, OfAVectorKeepsTheOrder) {
  const StringList list = StringList::of(std::vector<std::string>{"A=1", "B=22", "C=333"});
  EXPECT_EQ(list, (StringList{"A=1", "B=22", "C=333"}));
  EXPECT_EQ(list.packed(), std::string_view("A=1\0B=22\0C=333\0", 15));
  EXPECT_TRUE(StringList().empty());
}

TEST(StringList, EqualityTellsWhereStringsSplit) {
  // The same packed bytes: one string holding a NUL, or two strings.
  EXPECT_FALSE((StringList{std::string_view("a\0b", 3)} == StringList{"a", "b"}));
}

}  // namespace
}  // namespace stratus::wasi
