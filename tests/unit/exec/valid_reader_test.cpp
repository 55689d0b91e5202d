// The translator's reader and the validator's decode every immediate alike: both go through
// binary::decode_instr, with different byte sources.
#include "exec/translate/valid_reader.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "binary/instr.hpp"

namespace stratus::exec {
namespace {

using binary::Instr;
using binary::Op;

// One instruction of each immediate shape, with multi-byte LEBs where an immediate has one.
const std::vector<uint8_t> kBody = {
    0x02, 0x40,                    // block
    0x03, 0x7E,                    // loop (result i64)
    0x04, 0x80, 0x01,              // if (type 128)
    0x0E, 0x02, 0x00, 0x81, 0x01, 0x03,  // br_table 0 129 3
    0x11, 0x05, 0x00,              // call_indirect (type 5) (table 0)
    0x20, 0xAC, 0x02,              // local.get 300
    0x28, 0x02, 0x80, 0x80, 0x04,  // i32.load align=2 offset=65536
    0x41, 0x80, 0x7F,              // i32.const -128
    0x42, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00,  // i64.const INT64_MAX, 10 bytes
    0x43, 0x00, 0x00, 0x80, 0x3F,  // f32.const 1
    0x44, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F,  // f64.const 1
    0x3F, 0x00,                    // memory.size
    0x1C, 0x01, 0x7D,              // select (result f32)
    0xD0, 0x6F,                    // ref.null extern
    0xFC, 0x08, 0x03, 0x00,        // memory.init 3
    0xFC, 0x0A, 0x00, 0x00,        // memory.copy
    0xFC, 0x0E, 0x01, 0x02,        // table.copy 1 2
    0xFD, 0x15, 0x07,              // i8x16.extract_lane_s 7
    0xFD, 0x54, 0x00, 0x04, 0x0F,  // v128.load8_lane offset=4 lane 15
    0xFD, 0x0D, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,  // i8x16.shuffle
    0xFD, 0x80, 0x01,              // i16x8.abs (a two-byte sub-opcode)
    0x0B,                          // end
};

TEST(ValidReader, AgreesWithInstrReaderOnEveryImmediateShape) {
  constexpr uint32_t kBase = 0x100;
  binary::InstrReader checked(kBody, kBase);
  ValidReader trusted(kBody, kBase);
  size_t count = 0;
  while (!checked.at_end()) {
    ASSERT_FALSE(trusted.at_end());
    Instr a, b;
    auto ok = checked.read(a);
    ASSERT_TRUE(ok.ok()) << ok.error().message();
    trusted.read(b);
    SCOPED_TRACE(std::string(binary::op_info(a.op).text));
    EXPECT_EQ(a.op, b.op);
    EXPECT_EQ(a.offset, b.offset);
    EXPECT_EQ(a.block.kind, b.block.kind);
    EXPECT_EQ(a.block.value, b.block.value);
    EXPECT_EQ(a.block.type_index, b.block.type_index);
    EXPECT_EQ(a.index, b.index);
    EXPECT_EQ(a.index2, b.index2);
    EXPECT_EQ(a.mem.align, b.mem.align);
    EXPECT_EQ(a.mem.offset, b.mem.offset);
    EXPECT_EQ(a.lane, b.lane);
    EXPECT_EQ(a.type, b.type);
    EXPECT_EQ(a.constant, b.constant);
    EXPECT_EQ(std::vector<uint32_t>(a.br_targets.begin(), a.br_targets.end()),
              std::vector<uint32_t>(b.br_targets.begin(), b.br_targets.end()));
    EXPECT_EQ(a.br_default, b.br_default);
    ++count;
  }
  EXPECT_TRUE(trusted.at_end());
  EXPECT_EQ(count, 22u);  // every line of kBody
}

TEST(ValidReader, DecodesTheImmediatesItWasGiven) {
  ValidReader reader(kBody, 0);
  Instr i;
  for (int k = 0; k < 3; ++k) reader.read(i);
  EXPECT_EQ(i.op, Op::If);
  EXPECT_EQ(i.block.type_index, 128u);
  reader.read(i);
  ASSERT_EQ(i.br_targets.size(), 2u);
  EXPECT_EQ(i.br_targets[1], 129u);
  EXPECT_EQ(i.br_default, 3u);
  reader.read(i);
  reader.read(i);
  EXPECT_EQ(i.op, Op::LocalGet);
  EXPECT_EQ(i.index, 300u);
  reader.read(i);
  EXPECT_EQ(i.mem.offset, 65536u);
  reader.read(i);
  EXPECT_EQ(i.constant, Val::i32(-128));
}

}  // namespace
}  // namespace stratus::exec
