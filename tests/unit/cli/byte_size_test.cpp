#include <gtest/gtest.h>

#include "cli/byte_size.hpp"

namespace stratus::cli {
namespace {

TEST(ByteSize, UnitsAndCase) {
  EXPECT_EQ(parse_byte_size("65536"), 65536u);
  EXPECT_EQ(parse_byte_size("64KiB"), 65536u);
  EXPECT_EQ(parse_byte_size("64k"), 65536u);
  EXPECT_EQ(parse_byte_size("2MB"), 2'000'000u);
  EXPECT_EQ(parse_byte_size("1gib"), uint64_t{1} << 30);
  EXPECT_EQ(parse_byte_size("17179869183G"), uint64_t{17179869183} << 30);
}

TEST(ByteSize, JunkAndOverflowAreNothing) {
  for (const char* text : {"", "lots", "-1", "+1", " 1", "1 ", "0x10", "1.5G", "1e3", "1TiB", "5KiBs"})
    EXPECT_FALSE(parse_byte_size(text)) << text;
  EXPECT_FALSE(parse_byte_size("17179869184G"));           // 2^64 bytes
  EXPECT_FALSE(parse_byte_size("99999999999999999999"));   // more than 64 bits of digits
}

TEST(ByteSize, RangesNameTheLimits) {
  EXPECT_EQ(*parse_byte_size_in("4GiB", 65536, uint64_t{4} << 30), uint64_t{4} << 30);
  auto large = parse_byte_size_in("8GiB", 65536, uint64_t{4} << 30);
  ASSERT_FALSE(large);
  EXPECT_EQ(large.error().kind(), ErrorKind::Config);
  EXPECT_EQ(large.error().message(), "'8GiB' is too large; give a size from 64 KiB to 4 GiB");
  auto small = parse_byte_size_in("1000", 4096, uint64_t{4} << 30);
  ASSERT_FALSE(small);
  EXPECT_EQ(small.error().message(), "'1000' is too small; give a size from 4 KiB to 4 GiB");
  auto huge = parse_byte_size_in("99999999999999999999KiB", 1, 2);
  ASSERT_FALSE(huge);
  EXPECT_NE(huge.error().message().find("too large"), std::string::npos);
  auto junk = parse_byte_size_in("1.5G", 1, 2);
  ASSERT_FALSE(junk);
  EXPECT_NE(junk.error().message().find("is not a size"), std::string::npos);
}

TEST(ByteSize, Text) {
  EXPECT_EQ(bytes_text(8u << 20), "8 MiB");
  EXPECT_EQ(bytes_text(1536), "1536 bytes");
  EXPECT_EQ(bytes_text(1), "1 byte");
  EXPECT_EQ(bytes_text(uint64_t{4} << 30), "4 GiB");
}

}  // namespace
}  // namespace stratus::cli
