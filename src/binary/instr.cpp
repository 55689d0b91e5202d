#include "binary/instr.hpp"

#include <array>
#include <cstdio>
#include <cstring>

#include "binary/try.hpp"
#include "binary/valtype.hpp"

namespace stratus::binary {

namespace {

constexpr std::array<OpInfo, static_cast<size_t>(Op::Count_)> kOpInfos = {{
#define STRATUS_OP(name, prefix, code, text, imm, sig) {prefix, code, text, Imm::imm, sig},
#include "binary/opcodes.def"
#undef STRATUS_OP
}};

constexpr uint16_t kNoOp = 0xFFFF;
static_assert(static_cast<size_t>(Op::Count_) < kNoOp);

// Dense opcode -> Op tables, one per prefix, built at compile time from opcodes.def.
template <uint32_t prefix, size_t size>
constexpr std::array<uint16_t, size> make_table() {
  std::array<uint16_t, size> table{};
  for (auto& entry : table) entry = kNoOp;
  for (size_t i = 0; i < kOpInfos.size(); ++i) {
    if (kOpInfos[i].prefix == prefix && kOpInfos[i].code < size) table[kOpInfos[i].code] = static_cast<uint16_t>(i);
  }
  return table;
}
constexpr auto kSingleByteOps = make_table<0, 256>();
constexpr auto kPrefixFCOps = make_table<0xFC, 32>();
constexpr auto kPrefixFDOps = make_table<0xFD, 256>();

// Every opcode in opcodes.def must land in a table; a code outside the table sizes would
// silently become "illegal opcode".
constexpr bool all_ops_reachable() {
  for (const auto& info : kOpInfos) {
    const size_t limit = info.prefix == 0 ? 256 : info.prefix == 0xFC ? 32 : 256;
    if (info.code >= limit) return false;
  }
  return true;
}
static_assert(all_ops_reachable());

// Wasm 2.0 has no memory index in memargs; alignment exponents of 32 and above (which
// include the multi-memory flag bit 6) are malformed rather than invalid.
constexpr uint32_t kMaxAlignExponent = 32;

}  // namespace

const OpInfo& op_info(Op op) { return kOpInfos[static_cast<size_t>(op)]; }

InstrReader::InstrReader(std::span<const uint8_t> body, uint32_t base_offset)
    : r_(body, base_offset), base_(base_offset) {
  r_.set_bounded(true);
}

namespace {

Error illegal_opcode(const Reader& r, uint32_t offset, uint32_t prefix, uint32_t code) {
  char what[48];
  if (prefix != 0) {
    std::snprintf(what, sizeof what, "illegal opcode 0x%02x 0x%x", prefix, code);
  } else {
    std::snprintf(what, sizeof what, "illegal opcode 0x%02x", code);
  }
  return r.error_at(offset, what);
}

Result<void> read_zero_byte(Reader& r) {
  const uint32_t at = r.offset();
  STRATUS_TRY(uint8_t byte, r.u8());
  if (byte != 0) return r.error_at(at, "zero byte expected");
  return {};
}

Result<void> read_memarg(Reader& r, MemArg& mem) {
  const uint32_t at = r.offset();
  STRATUS_TRY(uint32_t align, r.u32());
  if (align >= kMaxAlignExponent) return r.error_at(at, "malformed memop flags");
  STRATUS_TRY(uint32_t offset, r.u32());
  mem.align = align;
  mem.memory = 0;
  mem.offset = offset;
  return {};
}

Result<void> read_block_type(Reader& r, BlockType& block) {
  uint8_t first = 0;
  if (!r.peek(first)) return r.end_error();
  if (first == 0x40) {
    r.skip(1);
    block.kind = BlockType::Kind::Empty;
    return {};
  }
  if (decode_valtype(first, block.value)) {
    r.skip(1);
    block.kind = BlockType::Kind::Value;
    return {};
  }
  const uint32_t at = r.offset();
  STRATUS_TRY(int64_t index, r.s33());
  if (index < 0) return r.error_at(at, "malformed block type");
  block.kind = BlockType::Kind::TypeIndex;
  block.type_index = static_cast<uint32_t>(index);
  return {};
}

Result<V128> read_v128(Reader& r) {
  STRATUS_TRY(auto bytes, r.bytes(16));
  V128 value;
  std::memcpy(value.bytes, bytes.data(), 16);
  return value;
}

}  // namespace

Result<void> InstrReader::read(Instr& out) {
  const uint32_t at = r_.offset();
  out.offset = at;
  STRATUS_TRY(uint8_t byte, r_.u8());
  uint16_t op = kSingleByteOps[byte];
  if (byte == 0xFC || byte == 0xFD) {
    STRATUS_TRY(uint32_t code, r_.u32());
    if (byte == 0xFC) {
      op = code < kPrefixFCOps.size() ? kPrefixFCOps[code] : kNoOp;
    } else {
      op = code < kPrefixFDOps.size() ? kPrefixFDOps[code] : kNoOp;
    }
    if (op == kNoOp) return illegal_opcode(r_, at, byte, code);
  } else if (op == kNoOp) {
    return illegal_opcode(r_, at, 0, byte);
  }
  out.op = static_cast<Op>(op);

  switch (kOpInfos[op].imm) {
    case Imm::None:
      return {};
    case Imm::Block:
      return read_block_type(r_, out.block);
    case Imm::Label:
    case Imm::Func:
    case Imm::Local:
    case Imm::Global:
    case Imm::Table:
    case Imm::Elem:
    case Imm::Data: {
      STRATUS_TRY(out.index, r_.u32());
      return {};
    }
    case Imm::BrTable: {
      const uint32_t count_at = r_.offset();
      STRATUS_TRY(uint32_t count, r_.u32());
      // Every target takes at least one byte, so a count beyond what is left cannot be right.
      if (count > r_.remaining()) return r_.error_at(count_at, "length out of bounds");
      targets_.clear();
      targets_.reserve(count);
      for (uint32_t i = 0; i < count; ++i) {
        STRATUS_TRY(uint32_t target, r_.u32());
        targets_.push_back(target);
      }
      STRATUS_TRY(out.br_default, r_.u32());
      out.br_targets = targets_;
      return {};
    }
    case Imm::CallIndirect:
    case Imm::TableInit:
    case Imm::TableCopy: {
      STRATUS_TRY(out.index, r_.u32());
      STRATUS_TRY(out.index2, r_.u32());
      return {};
    }
    case Imm::MemArg:
      return read_memarg(r_, out.mem);
    case Imm::MemArgLane: {
      STRATUS_CHECK(read_memarg(r_, out.mem));
      STRATUS_TRY(out.lane, r_.u8());
      return {};
    }
    case Imm::Lane: {
      STRATUS_TRY(out.lane, r_.u8());
      return {};
    }
    case Imm::I32: {
      STRATUS_TRY(int32_t value, r_.s32());
      out.constant = Val::i32(value);
      return {};
    }
    case Imm::I64: {
      STRATUS_TRY(int64_t value, r_.s64());
      out.constant = Val::i64(value);
      return {};
    }
    case Imm::F32: {
      STRATUS_TRY(uint32_t bits, r_.fixed_u32());
      out.constant = Val::f32_bits(bits);
      return {};
    }
    case Imm::F64: {
      STRATUS_TRY(uint64_t bits, r_.fixed_u64());
      out.constant = Val::f64_bits(bits);
      return {};
    }
    case Imm::V128:
    case Imm::Shuffle: {
      STRATUS_TRY(V128 value, read_v128(r_));
      out.constant = Val::v128(value);
      return {};
    }
    case Imm::Memory:
      out.index = 0;
      return read_zero_byte(r_);
    case Imm::MemoryInit: {
      STRATUS_TRY(out.index, r_.u32());
      return read_zero_byte(r_);
    }
    case Imm::MemoryCopy: {
      out.index = 0;
      out.index2 = 0;
      STRATUS_CHECK(read_zero_byte(r_));
      return read_zero_byte(r_);
    }
    case Imm::RefType: {
      const uint32_t type_at = r_.offset();
      STRATUS_TRY(uint8_t type, r_.u8());
      if (!decode_reftype(type, out.type)) return r_.error_at(type_at, "malformed reference type");
      return {};
    }
    case Imm::SelectT: {
      // A vector of length other than 1 is well-formed but invalid ("invalid result arity"),
      // so the count goes to the validator in `index`.
      STRATUS_TRY(uint32_t count, r_.u32());
      out.index = count;
      for (uint32_t i = 0; i < count; ++i) {
        const uint32_t type_at = r_.offset();
        STRATUS_TRY(uint8_t type, r_.u8());
        ValType decoded;
        if (!decode_valtype(type, decoded)) return r_.error_at(type_at, "malformed value type");
        if (i == 0) out.type = decoded;
      }
      return {};
    }
  }
  return r_.error_at(at, "illegal opcode");
}

}  // namespace stratus::binary
