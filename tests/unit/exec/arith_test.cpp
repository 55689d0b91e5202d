#include <cmath>
#include <limits>

#include "exec_test_support.hpp"

namespace stratus::exec_test {
namespace {

class Arith : public ::testing::Test {
 protected:
  void SetUp() override { f.instantiate(); }
  Fixture f{"arith"};
};

int32_t one_i32(Result<std::vector<Val>> r) { return Fixture::must(std::move(r)).at(0).i32(); }
int64_t one_i64(Result<std::vector<Val>> r) { return Fixture::must(std::move(r)).at(0).i64(); }

TEST_F(Arith, DivisionEdgeCases) {
  EXPECT_EQ(one_i32(f.call("div_s", {i32(-7), i32(2)})), -3);
  EXPECT_EQ(one_i32(f.call("rem_s", {i32(INT32_MIN), i32(-1)})), 0);
  EXPECT_EQ(one_i32(f.call("rem_s", {i32(-7), i32(2)})), -1);
  EXPECT_EQ(one_i64(f.call("div_u64", {i64(-1), i64(2)})), INT64_MAX);

  auto t = f.trap_of("div_s", {i32(1), i32(0)});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), TrapKind::IntegerDivideByZero);
  EXPECT_EQ(t->message(), "integer divide by zero");
  t = f.trap_of("div_s", {i32(INT32_MIN), i32(-1)});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), TrapKind::IntegerOverflow);
  EXPECT_EQ(t->message(), "integer overflow");
}

TEST_F(Arith, WideConstantsOnTheOperandStack) {
  auto r = Fixture::must(f.call("i64_consts", {}));
  ASSERT_EQ(r.size(), 6u);
  EXPECT_EQ(r[0].i64(), 1073741823);
  EXPECT_EQ(r[1].i64(), -1073741824);
  EXPECT_EQ(r[2].i64(), 1073741824);
  EXPECT_EQ(r[3].i64(), -1073741825);
  EXPECT_EQ(r[4].i64(), INT64_MAX);
  EXPECT_EQ(r[5].i64(), INT64_MIN);
  auto d = Fixture::must(f.call("f64_consts", {}));
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].f64_bits(), 0x8000000000000000u);
  EXPECT_EQ(d[1].f64_bits(), 1u);
  EXPECT_EQ(d[2].f64_bits(), 0x7ff4000000000001u);
  EXPECT_EQ(one_i64(f.call("add_wide_imm", {i64(1)})), 0x12345678A);
  EXPECT_EQ(one_i64(f.call("add_edge_imm", {i64(0)})), -1073741824);
}

TEST_F(Arith, Conversions) {
  EXPECT_EQ(one_i32(f.call("trunc_f32_s", {Val::f32(-2147483648.0f)})), INT32_MIN);
  EXPECT_EQ(one_i32(f.call("trunc_f32_s", {Val::f32(-1.9f)})), -1);
  auto t = f.trap_of("trunc_f32_s", {Val::f32(2147483648.0f)});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->message(), "integer overflow");
  t = f.trap_of("trunc_f32_s", {Val::f32(std::numeric_limits<float>::quiet_NaN())});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), TrapKind::InvalidConversionToInteger);
  EXPECT_EQ(t->message(), "invalid conversion to integer");
  EXPECT_EQ(one_i32(f.call("trunc_sat_f64_u", {Val::f64(-5.0)})), 0);
  EXPECT_EQ(one_i32(f.call("trunc_sat_f64_u", {Val::f64(1e20)})), -1);
  EXPECT_EQ(one_i32(f.call("trunc_sat_f64_u", {Val::f64(std::nan(""))})), 0);
}

TEST_F(Arith, ImmediatesShiftsAndFloats) {
  EXPECT_EQ(one_i32(f.call("add_imm", {i32(0)})), -1);
  EXPECT_EQ(one_i32(f.call("sub_const_lhs", {i32(3)})), 7);
  EXPECT_EQ(one_i64(f.call("shl64", {i64(1), i64(65)})), 2);
  EXPECT_EQ(one_i32(f.call("rotl", {i32(int32_t(0x80000001u)), i32(1)})), 3);
  auto m = Fixture::must(f.call("min", {Val::f64(0.0), Val::f64(-0.0)}));
  EXPECT_TRUE(std::signbit(m[0].f64()));
  auto c = Fixture::must(f.call("copysign", {Val::f32(2.0f), Val::f32(-0.0f)}));
  EXPECT_EQ(c[0].f32(), -2.0f);
  EXPECT_EQ(one_i64(f.call("ext8", {i64(0x80)})), -128);
}

TEST_F(Arith, LocalsReadBeforeOverwrite) {
  EXPECT_EQ(one_i32(f.call("swap_sub", {i32(10), i32(3)})), 7);
  // x = 2: local0 = 5, local1 = 5 * 5, result 25 + 5
  EXPECT_EQ(one_i32(f.call("tee_chain", {i32(2)})), 30);
  EXPECT_EQ(one_i64(f.call("select", {i32(1), i64(4), i64(5)})), 4);
  EXPECT_EQ(one_i64(f.call("select", {i32(0), i64(4), i64(5)})), 5);
}

TEST_F(Arith, JoinedAddsRunInOrder) {
  EXPECT_EQ(one_i32(f.call("add_pair_local", {i32(3), i32(4)})), 14);
  EXPECT_EQ(one_i32(f.call("add_pair_local", {i32(-1), i32(0)})), -2);  // wraps mod 2^32
  EXPECT_EQ(one_i32(f.call("add_pair_temp", {i32(1), i32(2), i32(40)})), 43);
  EXPECT_EQ(one_i32(f.call("add_pair_temp", {i32(INT32_MAX), i32(1), i32(0)})), INT32_MIN);
}

TEST_F(Arith, UnreachableTraps) {
  auto t = f.trap_of("unreachable");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), TrapKind::Unreachable);
  EXPECT_EQ(t->message(), "unreachable");
}

}  // namespace
}  // namespace stratus::exec_test
