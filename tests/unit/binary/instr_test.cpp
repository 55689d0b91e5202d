#include "binary/instr.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace stratus::binary {
namespace {

using Bytes = std::vector<uint8_t>;

Instr read_one(const Bytes& bytes, uint32_t base = 0) {
  InstrReader reader(bytes, base);
  Instr instr;
  auto result = reader.read(instr);
  EXPECT_TRUE(result.ok()) << result.error().message();
  EXPECT_TRUE(reader.at_end());
  return instr;
}

std::string read_error(const Bytes& bytes) {
  InstrReader reader(bytes, 0x10);
  Instr instr;
  while (!reader.at_end()) {
    auto result = reader.read(instr);
    if (!result.ok()) {
      EXPECT_EQ(result.error().kind(), ErrorKind::Malformed);
      return result.error().message();
    }
  }
  return "";
}

TEST(OpInfo, TableMatchesOpcodes) {
  EXPECT_EQ(op_info(Op::I32Add).text, "i32.add");
  EXPECT_EQ(op_info(Op::I32Add).code, 0x6Au);
  EXPECT_EQ(op_info(Op::MemoryCopy).prefix, 0xFC);
  EXPECT_EQ(op_info(Op::V128Load64Zero).code, 93u);
  EXPECT_EQ(op_info(Op::V128Load64Zero).imm, Imm::MemArg);
}

TEST(OpInfo, AccessWidthsAndLanesComeFromTheTable) {
  EXPECT_EQ(op_info(Op::I32Load).bytes, 4);
  EXPECT_EQ(op_info(Op::I64Load16S).bytes, 2);
  EXPECT_EQ(op_info(Op::I64Store32).bytes, 4);
  EXPECT_EQ(op_info(Op::V128Load).bytes, 16);
  EXPECT_EQ(op_info(Op::V128Load32x2U).bytes, 8);
  EXPECT_EQ(op_info(Op::V128Store16Lane).bytes, 2);
  EXPECT_EQ(op_info(Op::V128Store16Lane).lanes, 8);
  EXPECT_EQ(op_info(Op::F64x2ReplaceLane).lanes, 2);
  EXPECT_EQ(op_info(Op::I8x16ExtractLaneU).lanes, 16);
  EXPECT_EQ(op_info(Op::I32Add).bytes, 0);
  EXPECT_EQ(op_info(Op::I32Add).lanes, 0);
  EXPECT_EQ(op_info(Op::MemoryGrow).bytes, 0);
}

TEST(InstrReader, EveryOpcodeRoundTrips) {
  // Encode each op with zero-ish immediates and check it decodes back to itself.
  for (size_t i = 0; i < static_cast<size_t>(Op::Count_); ++i) {
    const Op op = static_cast<Op>(i);
    const OpInfo& info = op_info(op);
    Bytes b;
    if (info.prefix != 0) {
      b.push_back(static_cast<uint8_t>(info.prefix));
      uint32_t code = info.code;
      do {
        uint8_t byte = code & 0x7F;
        code >>= 7;
        if (code) byte |= 0x80;
        b.push_back(byte);
      } while (code);
    } else {
      b.push_back(static_cast<uint8_t>(info.code));
    }
    switch (info.imm) {
      case Imm::None: break;
      case Imm::Block: b.push_back(0x40); break;
      case Imm::BrTable: b.insert(b.end(), {0x02, 0x00, 0x01, 0x02}); break;
      case Imm::CallIndirect: case Imm::TableInit: case Imm::TableCopy: b.insert(b.end(), {0x01, 0x00}); break;
      case Imm::MemArg: b.insert(b.end(), {0x00, 0x00}); break;
      case Imm::MemArgLane: b.insert(b.end(), {0x00, 0x00, 0x00}); break;
      case Imm::F32: b.insert(b.end(), 4, 0); break;
      case Imm::F64: b.insert(b.end(), 8, 0); break;
      case Imm::V128: case Imm::Shuffle: b.insert(b.end(), 16, 0); break;
      case Imm::Memory: b.push_back(0x00); break;
      case Imm::MemoryInit: b.insert(b.end(), {0x01, 0x00}); break;
      case Imm::MemoryCopy: b.insert(b.end(), {0x00, 0x00}); break;
      case Imm::RefType: b.push_back(0x70); break;
      case Imm::SelectT: b.insert(b.end(), {0x01, 0x7F}); break;
      default: b.push_back(0x00); break;
    }
    Instr instr = read_one(b);
    EXPECT_EQ(instr.op, op) << info.text;
  }
}

TEST(InstrReader, Immediates) {
  Instr i = read_one({0x41, 0x7F});
  EXPECT_EQ(i.op, Op::I32Const);
  EXPECT_EQ(i.constant, Val::i32(-1));
  i = read_one({0x42, 0x80, 0x7F});
  EXPECT_EQ(i.constant, Val::i64(-128));
  i = read_one({0x43, 0x00, 0x00, 0x80, 0x3F});
  EXPECT_EQ(i.constant, Val::f32(1.0f));
  i = read_one({0x44, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F});
  EXPECT_EQ(i.constant, Val::f64(1.0));
  i = read_one({0x28, 0x02, 0x80, 0x01});
  EXPECT_EQ(i.mem.align, 2u);
  EXPECT_EQ(i.mem.offset, 128u);
  i = read_one({0x11, 0x05, 0x02});
  EXPECT_EQ(i.index, 5u);
  EXPECT_EQ(i.index2, 2u);
  i = read_one({0xD0, 0x6F});
  EXPECT_EQ(i.type, ValType::ExternRef);
  i = read_one({0xFC, 0x08, 0x03, 0x00});
  EXPECT_EQ(i.op, Op::MemoryInit);
  EXPECT_EQ(i.index, 3u);
  i = read_one({0xFC, 0x0E, 0x01, 0x02});
  EXPECT_EQ(i.op, Op::TableCopy);
  EXPECT_EQ(i.index, 1u);
  EXPECT_EQ(i.index2, 2u);
  i = read_one({0xFD, 0x15, 0x07});
  EXPECT_EQ(i.op, Op::I8x16ExtractLaneS);
  EXPECT_EQ(i.lane, 7);
  i = read_one({0xFD, 0x54, 0x00, 0x04, 0x0F});
  EXPECT_EQ(i.op, Op::V128Load8Lane);
  EXPECT_EQ(i.mem.offset, 4u);
  EXPECT_EQ(i.lane, 15);
  // Prefixed sub-opcodes are LEBs, so padded forms are fine.
  i = read_one({0xFC, 0x80, 0x00});
  EXPECT_EQ(i.op, Op::I32TruncSatF32S);
}

TEST(InstrReader, BlockTypes) {
  Instr i = read_one({0x02, 0x40});
  EXPECT_EQ(i.block.kind, BlockType::Kind::Empty);
  i = read_one({0x03, 0x7E});
  EXPECT_EQ(i.block.kind, BlockType::Kind::Value);
  EXPECT_EQ(i.block.value, ValType::I64);
  i = read_one({0x04, 0x05});
  EXPECT_EQ(i.block.kind, BlockType::Kind::TypeIndex);
  EXPECT_EQ(i.block.type_index, 5u);
  i = read_one({0x02, 0x80, 0x01});
  EXPECT_EQ(i.block.type_index, 128u);
  EXPECT_NE(read_error({0x02, 0x7A}), "");  // negative: not a type index
}

TEST(InstrReader, BrTableTargetsInScratch) {
  Bytes b = {0x0E, 0x03, 0x00, 0x01, 0x02, 0x05};
  InstrReader reader(b, 0);
  Instr i;
  ASSERT_TRUE(reader.read(i).ok());
  ASSERT_EQ(i.br_targets.size(), 3u);
  EXPECT_EQ(i.br_targets[2], 2u);
  EXPECT_EQ(i.br_default, 5u);
  EXPECT_NE(read_error({0x0E, 0xFF, 0xFF, 0x03, 0x00}), "");
}

TEST(InstrReader, SelectTypeVectorLengthIsForTheValidator) {
  Instr i = read_one({0x1C, 0x02, 0x7F, 0x7E});
  EXPECT_EQ(i.op, Op::SelectT);
  EXPECT_EQ(i.index, 2u);
  i = read_one({0x1C, 0x00});
  EXPECT_EQ(i.index, 0u);
  EXPECT_NE(read_error({0x1C, 0x01, 0x40}).find("malformed value type"), std::string::npos);
}

TEST(InstrReader, MalformedEncodings) {
  EXPECT_NE(read_error({0x06}).find("at offset 0x10: illegal opcode"), std::string::npos);
  EXPECT_NE(read_error({0xFC, 0x12}).find("illegal opcode"), std::string::npos);
  EXPECT_NE(read_error({0xFD, 0x80, 0x02}).find("illegal opcode"), std::string::npos);
  EXPECT_NE(read_error({0x3F, 0x01}).find("at offset 0x11: zero byte expected"), std::string::npos);
  EXPECT_NE(read_error({0x40, 0x80, 0x00}).find("zero byte expected"), std::string::npos);
  EXPECT_NE(read_error({0xFC, 0x0A, 0x00, 0x01}).find("zero byte expected"), std::string::npos);
  EXPECT_NE(read_error({0xFC, 0x0B, 0x01}).find("zero byte expected"), std::string::npos);
  EXPECT_NE(read_error({0x28, 0x20, 0x00}).find("malformed memop flags"), std::string::npos);
  EXPECT_NE(read_error({0x28, 0x40, 0x00}).find("malformed memop flags"), std::string::npos);
  EXPECT_NE(read_error({0xD0, 0x7F}).find("malformed reference type"), std::string::npos);
  EXPECT_NE(read_error({0x41}).find("unexpected end of section or function"), std::string::npos);
  EXPECT_NE(read_error({0x44, 0, 0, 0}).find("unexpected end"), std::string::npos);
  EXPECT_NE(read_error({0xFD, 0x0C, 1, 2}).find("unexpected end"), std::string::npos);
}

TEST(InstrReader, OffsetsAreAbsolute) {
  Bytes b = {0x01, 0x41, 0x00, 0x0B};
  InstrReader reader(b, 0x40);
  Instr i;
  ASSERT_TRUE(reader.read(i).ok());
  EXPECT_EQ(i.offset, 0x40u);
  ASSERT_TRUE(reader.read(i).ok());
  EXPECT_EQ(i.offset, 0x41u);
  EXPECT_EQ(reader.offset(), 0x43u);
}

}  // namespace
}  // namespace stratus::binary
