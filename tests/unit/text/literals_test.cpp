#include "text/literals.hpp"

#include <gtest/gtest.h>

namespace stratus::text {
namespace {

TEST(TextLiterals, IntegersInEveryFormAndRange) {
  EXPECT_EQ(parse_int_bits("0", 32), 0u);
  EXPECT_EQ(parse_int_bits("0x7fff_ffff", 32), 0x7fffffffu);
  EXPECT_EQ(parse_int_bits("-0x8000_0000", 32), 0x80000000u);
  EXPECT_EQ(parse_int_bits("4294967295", 32), 0xffffffffu);
  EXPECT_EQ(parse_int_bits("-1", 32), 0xffffffffu);
  EXPECT_EQ(parse_int_bits("+1_000", 32), 1000u);
  EXPECT_EQ(parse_int_bits("-9223372036854775808", 64), 0x8000000000000000u);
  EXPECT_EQ(parse_int_bits("0xffff_ffff_ffff_ffff", 64), ~uint64_t{0});
}

TEST(TextLiterals, IntegersOutOfRangeOrMisspelled) {
  EXPECT_FALSE(parse_int_bits("4294967296", 32));
  EXPECT_FALSE(parse_int_bits("-2147483649", 32));
  EXPECT_FALSE(parse_int_bits("18446744073709551616", 64));
  EXPECT_FALSE(parse_int_bits("1__0", 32));
  EXPECT_FALSE(parse_int_bits("_1", 32));
  EXPECT_FALSE(parse_int_bits("1_", 32));
  EXPECT_FALSE(parse_int_bits("0x", 32));
  EXPECT_FALSE(parse_int_bits("0xg", 32));
  EXPECT_FALSE(parse_int_bits("--1", 32));
  EXPECT_FALSE(parse_unsigned("-1", UINT32_MAX));
  EXPECT_FALSE(parse_unsigned("+1", UINT32_MAX));
}

TEST(TextLiterals, FloatsDecimalHexAndSpecial) {
  EXPECT_EQ(parse_f32_bits("1"), 0x3f800000u);
  EXPECT_EQ(parse_f32_bits("-1.5e+0"), 0xbfc00000u);
  EXPECT_EQ(parse_f32_bits("0x1p-149"), 1u);
  EXPECT_EQ(parse_f32_bits("0x1.fffffep127"), 0x7f7fffffu);
  EXPECT_EQ(parse_f32_bits("1_000.000_1"), parse_f32_bits("1000.0001"));
  EXPECT_EQ(parse_f32_bits("inf"), 0x7f800000u);
  EXPECT_EQ(parse_f32_bits("-inf"), 0xff800000u);
  EXPECT_EQ(parse_f32_bits("nan"), 0x7fc00000u);
  EXPECT_EQ(parse_f32_bits("-nan:0x200000"), 0xffa00000u);
  EXPECT_EQ(parse_f64_bits("nan:0x1"), 0x7ff0000000000001u);
  EXPECT_EQ(parse_f64_bits("0x1.8p1"), 0x4008000000000000u);
  EXPECT_EQ(parse_f64_bits("1."), 0x3ff0000000000000u);
  EXPECT_EQ(parse_f64_bits("0x1P+1"), 0x4000000000000000u);
}

TEST(TextLiterals, FloatsOutOfRangeOrMisspelled) {
  EXPECT_FALSE(parse_f32_bits("1e39"));
  EXPECT_FALSE(parse_f32_bits("0x1p128"));
  EXPECT_FALSE(parse_f64_bits("1e309"));
  EXPECT_FALSE(parse_f32_bits("nan:0x0"));
  EXPECT_FALSE(parse_f32_bits("nan:0x800000"));
  EXPECT_FALSE(parse_f32_bits(".5"));
  EXPECT_FALSE(parse_f32_bits("1.e"));
  EXPECT_FALSE(parse_f32_bits("1._5"));
  EXPECT_FALSE(parse_f32_bits("0x1p"));
  EXPECT_FALSE(parse_f32_bits("infinity"));
}

}  // namespace
}  // namespace stratus::text
