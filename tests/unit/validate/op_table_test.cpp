// The opcode table drives most of the validator; make sure the hand-typed remainder is
// exactly the set the validator has cases for.
#include <gtest/gtest.h>

#include <set>

#include "validate/op_table.hpp"

namespace stratus::validate {
namespace {

using binary::Op;

TEST(OpTable, HandTypedOpsAreExactlyTheKnownSet) {
  const std::set<Op> hand_typed = {
      Op::Unreachable, Op::Block,     Op::Loop,      Op::If,       Op::Else,      Op::End,
      Op::Br,          Op::BrIf,      Op::BrTable,   Op::Return,   Op::Call,      Op::CallIndirect,
      Op::Drop,        Op::Select,    Op::SelectT,   Op::LocalGet, Op::LocalSet,  Op::LocalTee,
      Op::GlobalGet,   Op::GlobalSet, Op::TableGet,  Op::TableSet, Op::RefNull,   Op::RefIsNull,
      Op::RefFunc,     Op::TableGrow, Op::TableFill,
  };
  for (size_t i = 0; i < kNumOps; ++i) {
    const Op op = static_cast<Op>(i);
    EXPECT_EQ(!kOpSigs[i].fixed, hand_typed.count(op) == 1) << kOpNames[i];
  }
}

TEST(OpTable, SignaturesParse) {
  const OpSig& add = kOpSigs[static_cast<size_t>(Op::I32Add)];
  EXPECT_TRUE(add.fixed);
  EXPECT_EQ(add.num_params, 2);
  EXPECT_EQ(add.num_results, 1);
  const OpSig& store = kOpSigs[static_cast<size_t>(Op::F64Store)];
  EXPECT_EQ(store.num_params, 2);
  EXPECT_EQ(store.params[1], ValType::F64);
  EXPECT_EQ(store.num_results, 0);
  EXPECT_TRUE(kOpSigs[static_cast<size_t>(Op::Nop)].fixed);
}

TEST(OpTable, MemoryAccessFacts) {
  EXPECT_EQ(natural_alignment(Op::I64Load32U), 2u);
  EXPECT_EQ(natural_alignment(Op::V128Load), 4u);
  EXPECT_EQ(natural_alignment(Op::V128Load8x8S), 3u);
  EXPECT_EQ(lane_count(Op::I8x16ExtractLaneS), 16u);
  EXPECT_EQ(lane_count(Op::V128Store64Lane), 2u);
  // Every op with a memarg has a natural alignment that matches its access width class.
  for (size_t i = 0; i < kNumOps; ++i) {
    if (kOpImms[i] == binary::Imm::Lane || kOpImms[i] == binary::Imm::MemArgLane) {
      EXPECT_GT(lane_count(static_cast<Op>(i)), 0u) << kOpNames[i];
    }
  }
}

}  // namespace
}  // namespace stratus::validate
