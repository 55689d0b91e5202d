// Reading Sequence constant expressions back from the module's bytes.
#include "binary/const_expr.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "binary/decoder.hpp"
#include "wasm_builder.hpp"

namespace stratus::binary {
namespace {

using namespace stratus::binary::test;

Module with_global_init(const Bytes& expr) {
  auto m = decode(module({section(6, cat({Bytes{0x01, 0x7F, 0x00}, expr}))}));
  EXPECT_TRUE(m.ok()) << m.error().message();
  return m.ok() ? std::move(m).value() : Module{};
}

// Every step up to and including End or NotConstant.
std::vector<ConstStep> steps(const Module& m, const ConstExpr& expr) {
  ConstExprReader reader(m, expr);
  std::vector<ConstStep> out;
  for (;;) {
    auto step = reader.next();
    EXPECT_TRUE(step.ok()) << step.error().message();
    if (!step.ok()) return out;
    out.push_back(*step);
    if (step->kind == ConstStep::Kind::End || step->kind == ConstStep::Kind::NotConstant) return out;
  }
}

TEST(ConstExprReader, ReadsOperandsAndArithmeticInOrder) {
  // global.get 0 ; i64.const -1 ; i64.mul ; i32.const 7 ; i32.sub ; end
  const Module m = with_global_init({0x23, 0x00, 0x42, 0x7F, 0x7E, 0x41, 0x07, 0x6B, 0x0B});
  const ConstExpr expr = global_init(m, 0).value();
  ASSERT_EQ(expr.kind, ConstExpr::Kind::Sequence);
  const std::vector<ConstStep> s = steps(m, expr);
  ASSERT_EQ(s.size(), 6u);
  EXPECT_EQ(s[0].kind, ConstStep::Kind::Operand);
  EXPECT_EQ(s[0].operand.kind, ConstExpr::Kind::GlobalGet);
  EXPECT_EQ(s[0].operand.index, 0u);
  EXPECT_EQ(s[0].offset, expr.offset);
  EXPECT_EQ(s[0].operand.offset, expr.offset);
  EXPECT_EQ(s[1].operand.kind, ConstExpr::Kind::I64);
  EXPECT_EQ(s[1].operand.value(), Val::i64(-1));
  EXPECT_EQ(s[1].offset, expr.offset + 2);
  EXPECT_EQ(s[2].kind, ConstStep::Kind::Arithmetic);
  EXPECT_EQ(s[2].op, Op::I64Mul);
  EXPECT_EQ(s[3].operand.value(), Val::i32(7));
  EXPECT_EQ(s[4].kind, ConstStep::Kind::Arithmetic);
  EXPECT_EQ(s[4].op, Op::I32Sub);
  EXPECT_EQ(s[5].kind, ConstStep::Kind::End);
}

TEST(ConstExprReader, OnlyTheSixArithmeticOpsAreConstant) {
  for (Op op : {Op::I32Add, Op::I32Sub, Op::I32Mul, Op::I64Add, Op::I64Sub, Op::I64Mul}) {
    EXPECT_TRUE(is_constant_arithmetic(op)) << op_info(op).text;
  }
  for (Op op : {Op::I32DivS, Op::I32And, Op::I32Shl, Op::I64Or, Op::F32Add, Op::I32Eqz, Op::Nop, Op::Drop}) {
    EXPECT_FALSE(is_constant_arithmetic(op)) << op_info(op).text;
  }
  // i32.const 1 ; i32.const 2 ; i32.div_s ; end
  const Module m = with_global_init({0x41, 0x01, 0x41, 0x02, 0x6D, 0x0B});
  const std::vector<ConstStep> s = steps(m, global_init(m, 0).value());
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[2].kind, ConstStep::Kind::NotConstant);
  EXPECT_EQ(s[2].op, Op::I32DivS);
}

TEST(ConstExprReader, BytesOutsideTheModuleAreAnErrorNotARead) {
  Module m = with_global_init({0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B});
  ConstExpr expr = global_init(m, 0).value();
  expr.size = static_cast<uint32_t>(m.bytes.size());  // runs past the end
  auto step = ConstExprReader(m, expr).next();
  ASSERT_FALSE(step.ok());
  EXPECT_EQ(step.error().kind(), ErrorKind::Malformed);

  expr.offset = 0xFFFFFFF0u;  // offset + size would wrap
  expr.size = 0x20;
  EXPECT_FALSE(ConstExprReader(m, expr).next().ok());

  // An `end` before the last byte, or no `end` at all, is not what the decoder makes.
  const Module two = decode(module({section(6, {0x02, 0x7F, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B,  //
                                                0x7F, 0x00, 0x41, 0x03, 0x0B})}))
                         .value();
  ConstExpr early = global_init(two, 0).value();
  early.size += 1;  // and the second global's type
  ConstExprReader reader(two, early);
  Result<ConstStep> last = reader.next();
  while (last.ok() && last->kind != ConstStep::Kind::End) last = reader.next();
  ASSERT_FALSE(last.ok());
  EXPECT_NE(last.error().message().find("ends before its last byte"), std::string::npos) << last.error().message();
  ConstExpr truncated = global_init(m, 0).value();
  truncated.size -= 1;
  ConstExprReader no_end(m, truncated);
  last = no_end.next();
  while (last.ok()) last = no_end.next();
  EXPECT_NE(last.error().message().find("no end"), std::string::npos) << last.error().message();
}

TEST(GlobalInit, ReadsTheInitializerAgainAndRefusesWhatIsNotThere) {
  // i64.const 5 ; end
  Module m = with_global_init({0x42, 0x05, 0x0B});
  const ConstExpr init = global_init(m, 0).value();
  EXPECT_EQ(init.kind, ConstExpr::Kind::I64);
  EXPECT_EQ(init.value(), Val::i64(5));
  EXPECT_EQ(init.size, 3u);
  EXPECT_EQ(init.offset, m.global_inits[0]);

  auto missing = global_init(m, 1);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind(), ErrorKind::Malformed);
  m.global_inits[0] = static_cast<uint32_t>(m.bytes.size());
  auto outside = global_init(m, 0);
  ASSERT_FALSE(outside.ok());
  EXPECT_NE(outside.error().message().find("outside the module's bytes"), std::string::npos) << outside.error().message();
}

}  // namespace
}  // namespace stratus::binary
