#include <gtest/gtest.h>

#include <cmath>

#include "cli/invoke_values.hpp"

namespace stratus::cli {
namespace {

TEST(InvokeValues, IntegersInDecimalAndHex) {
  EXPECT_EQ(parse_value(ValType::I32, "-5")->i32(), -5);
  EXPECT_EQ(parse_value(ValType::I32, "0xffffffff")->i32(), -1);
  EXPECT_EQ(parse_value(ValType::I32, "4294967295")->i32(), -1);
  EXPECT_EQ(parse_value(ValType::I32, "-2147483648")->i32(), INT32_MIN);
  EXPECT_EQ(parse_value(ValType::I32, "010")->i32(), 10);  // decimal, not octal
  EXPECT_EQ(parse_value(ValType::I64, "0x100000000")->i64(), int64_t{1} << 32);
  EXPECT_EQ(parse_value(ValType::I64, "18446744073709551615")->i64(), -1);
  EXPECT_EQ(parse_value(ValType::I64, "-9223372036854775808")->i64(), INT64_MIN);
  EXPECT_EQ(parse_value(ValType::I64, "-0x10")->i64(), -16);
}

TEST(InvokeValues, IntegersOutOfRangeOrMalformedAreRefused) {
  for (const char* text : {"4294967296", "-2147483649", "", "-", "0x", " 1", "1 ", "+1", "1.0", "1e3", "--1", "0x-1"})
    EXPECT_FALSE(parse_value(ValType::I32, text)) << text;
  for (const char* text : {"18446744073709551616", "-9223372036854775809", "99999999999999999999999"})
    EXPECT_FALSE(parse_value(ValType::I64, text)) << text;
}

TEST(InvokeValues, Floats) {
  EXPECT_EQ(parse_value(ValType::F64, "1.5")->f64(), 1.5);
  EXPECT_EQ(parse_value(ValType::F64, "-2e3")->f64(), -2000.0);
  EXPECT_TRUE(std::isinf(parse_value(ValType::F64, "inf")->f64()));
  EXPECT_TRUE(std::isinf(parse_value(ValType::F32, "-inf")->f32()));
  EXPECT_TRUE(std::isnan(parse_value(ValType::F64, "nan")->f64()));
  EXPECT_EQ(parse_value(ValType::F32, "3.4e38")->f32(), 3.4e38f);
  for (const char* text : {"", "+1", " 1", "1 ", "1.5x", "0x1p3", "abc"})
    EXPECT_FALSE(parse_value(ValType::F64, text)) << text;
  EXPECT_FALSE(parse_value(ValType::F32, "1e39"));   // past FLT_MAX: refused, not made inf
  EXPECT_FALSE(parse_value(ValType::F64, "1e309"));
}

TEST(InvokeValues, TypesTheCommandLineCannotSpell) {
  EXPECT_FALSE(parse_value(ValType::V128, "0"));
  EXPECT_FALSE(parse_value(ValType::FuncRef, "null"));
}

}  // namespace
}  // namespace stratus::cli
