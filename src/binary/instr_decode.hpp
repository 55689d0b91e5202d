// The one decoder of an instruction's opcode and immediates. It is written once over a byte
// source, so that each reader decides only how bytes are fetched and what a bad byte costs:
//
//   binary::InstrReader (instr.cpp)   a raw cursor that gives up at the first doubt, then a
//                                     Reader-backed source that names the error;
//   exec::ValidReader                 a cursor over a validated body that checks nothing.
//
// A source provides:
//   static constexpr bool kChecks;          false: the bytes are known to be well-formed
//   uint32_t offset() const;                module offset of the next byte (for messages)
//   size_t remaining() const;
//   bool u8(uint8_t&), u32(uint32_t&), s32(int32_t&), s33(int64_t&), s64(int64_t&);
//   bool fixed_u32(uint32_t&), fixed_u64(uint64_t&), bytes16(uint8_t*);
//   bool peek(uint8_t&); void skip_byte();
//   bool fail(uint32_t offset, const char* what);               records the error, returns false
//   bool illegal_opcode(uint32_t offset, uint32_t prefix, uint32_t code);   likewise
// Each reading function returns false, with the error recorded, when the bytes are malformed.
#pragma once

#include "binary/limits.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "binary/instr.hpp"
#include "binary/valtype.hpp"

namespace stratus::binary {

inline constexpr uint16_t kNoOp = 0xFFFF;
static_assert(kNumOps < kNoOp);

// Dense opcode -> Op tables, one per prefix, from opcodes.def. kNoOp marks a byte that is no
// instruction, and in `single` also the two prefixes.
struct OpcodeTables {
  std::array<uint16_t, 256> single{};
  std::array<uint16_t, 32> fc{};
  std::array<uint16_t, 256> fd{};
};

namespace detail {
constexpr OpcodeTables make_opcode_tables() {
  OpcodeTables t{};
  for (auto& e : t.single) e = kNoOp;
  for (auto& e : t.fc) e = kNoOp;
  for (auto& e : t.fd) e = kNoOp;
  for (size_t i = 0; i < kNumOps; ++i) {
    const OpInfo& info = kOpInfos[i];
    if (info.prefix == 0) t.single[info.code] = static_cast<uint16_t>(i);
    else if (info.prefix == 0xFC) t.fc[info.code] = static_cast<uint16_t>(i);
    else t.fd[info.code] = static_cast<uint16_t>(i);
  }
  return t;
}
// Every row must land in a table: a code past a table's size would silently become an
// "illegal opcode" (and overflow the table built above).
constexpr bool all_ops_reachable() {
  for (const OpInfo& info : kOpInfos) {
    const uint32_t limit = info.prefix == 0xFC ? 32 : 256;
    if (info.code >= limit) return false;
  }
  return true;
}
static_assert(all_ops_reachable(), "an opcodes.def code does not fit its prefix's table");
}  // namespace detail

inline constexpr OpcodeTables kOpcodeTables = detail::make_opcode_tables();

inline uint16_t lookup_prefixed(uint8_t prefix, uint32_t code) {
  if (prefix == 0xFC) return code < kOpcodeTables.fc.size() ? kOpcodeTables.fc[code] : kNoOp;
  return code < kOpcodeTables.fd.size() ? kOpcodeTables.fd[code] : kNoOp;
}

// Wasm 2.0 has no memory index in memargs; alignment exponents of 32 and above (which
// include the multi-memory flag bit 6) are malformed rather than invalid.
inline constexpr uint32_t kMaxAlignExponent = 32;

namespace detail {

template <class Source>
[[gnu::always_inline]] inline bool decode_memarg(Source& in, MemArg& mem) {
  const uint32_t at = in.offset();
  uint32_t align, offset;
  if (!in.u32(align)) return false;
  if (Source::kChecks && align >= kMaxAlignExponent) return in.fail(at, "malformed memop flags");
  if (!in.u32(offset)) return false;
  mem.align = align;
  mem.memory = 0;
  mem.offset = offset;
  return true;
}

template <class Source>
[[gnu::always_inline]] inline bool decode_zero_byte(Source& in) {
  const uint32_t at = in.offset();
  uint8_t byte;
  if (!in.u8(byte)) return false;
  if (Source::kChecks && byte != 0) return in.fail(at, "zero byte expected");
  return true;
}

template <class Source>
[[gnu::always_inline]] inline bool decode_block_type(Source& in, BlockType& block) {
  uint8_t first;
  if (!in.peek(first)) return false;
  if (first == 0x40) {
    in.skip_byte();
    block.kind = BlockType::Kind::Empty;
    return true;
  }
  // In a validated body a first byte in 0x6F..0x7F is a value type: a type index's first
  // byte is below 0x40 (one byte) or has the continuation bit set.
  if (Source::kChecks ? decode_valtype(first, block.value) : first >= 0x6F && first <= 0x7F) {
    if constexpr (!Source::kChecks) block.value = static_cast<ValType>(first);
    in.skip_byte();
    block.kind = BlockType::Kind::Value;
    return true;
  }
  const uint32_t at = in.offset();
  int64_t index;
  if (!in.s33(index)) return false;
  if (Source::kChecks && index < 0) return in.fail(at, "malformed block type");
  block.kind = BlockType::Kind::TypeIndex;
  block.type_index = static_cast<uint32_t>(index);
  return true;
}

template <class Source>
bool decode_value_type(Source& in, ValType& out, bool reference_only) {
  const uint32_t at = in.offset();
  uint8_t byte;
  if (!in.u8(byte)) return false;
  if constexpr (!Source::kChecks) {
    out = static_cast<ValType>(byte);
    return true;
  }
  if (reference_only) return decode_reftype(byte, out) || in.fail(at, "malformed reference type");
  return decode_valtype(byte, out) || in.fail(at, "malformed value type");
}

}  // namespace detail

// Reads one instruction into `out`: sets `op` and the fields its Imm uses (see Instr); the
// caller sets `offset`. br_table targets go to `targets`, which `out.br_targets` then views.
template <class Source>
[[gnu::always_inline]] inline bool decode_instr(Source& in, std::vector<uint32_t>& targets, Instr& out) {
  const uint32_t at = in.offset();
  uint8_t byte;
  if (!in.u8(byte)) return false;
  uint16_t op = kOpcodeTables.single[byte];
  if (op == kNoOp) {
    if (Source::kChecks && byte != 0xFC && byte != 0xFD) return in.illegal_opcode(at, 0, byte);
    uint32_t code;
    if (!in.u32(code)) return false;
    op = lookup_prefixed(byte, code);
    if (op == kNoOp) return in.illegal_opcode(at, byte, code);
  }
  out.op = static_cast<Op>(op);

  switch (kOpInfos[op].imm) {
    case Imm::None:
      return true;
    case Imm::Block:
      return detail::decode_block_type(in, out.block);
    case Imm::Label:
    case Imm::Func:
    case Imm::Local:
    case Imm::Global:
    case Imm::Table:
    case Imm::Elem:
    case Imm::Data:
      return in.u32(out.index);
    case Imm::BrTable: {
      const uint32_t count_at = in.offset();
      uint32_t count;
      if (!in.u32(count)) return false;
      // Every target takes at least one byte, so a count beyond what is left cannot be right.
      if (Source::kChecks && count > in.remaining()) return in.fail(count_at, "length out of bounds");
      if (Source::kChecks && count > kMaxBrTableTargets)
        return in.fail(count_at, too_many("br_table targets", count, kMaxBrTableTargets).c_str());
      targets.resize(count);
      for (uint32_t i = 0; i < count; ++i)
        if (!in.u32(targets[i])) return false;
      if (!in.u32(out.br_default)) return false;
      out.br_targets = targets;
      return true;
    }
    case Imm::CallIndirect:
    case Imm::TableInit:
    case Imm::TableCopy:
      return in.u32(out.index) && in.u32(out.index2);
    case Imm::MemArg:
      return detail::decode_memarg(in, out.mem);
    case Imm::MemArgLane:
      return detail::decode_memarg(in, out.mem) && in.u8(out.lane);
    case Imm::Lane:
      return in.u8(out.lane);
    case Imm::I32: {
      int32_t value;
      if (!in.s32(value)) return false;
      out.constant = Val::i32(value);
      return true;
    }
    case Imm::I64: {
      int64_t value;
      if (!in.s64(value)) return false;
      out.constant = Val::i64(value);
      return true;
    }
    case Imm::F32: {
      uint32_t bits;
      if (!in.fixed_u32(bits)) return false;
      out.constant = Val::f32_bits(bits);
      return true;
    }
    case Imm::F64: {
      uint64_t bits;
      if (!in.fixed_u64(bits)) return false;
      out.constant = Val::f64_bits(bits);
      return true;
    }
    case Imm::V128:
    case Imm::Shuffle: {
      V128 value;
      if (!in.bytes16(value.bytes)) return false;
      out.constant = Val::v128(value);
      return true;
    }
    case Imm::Memory:
      out.index = 0;
      return detail::decode_zero_byte(in);
    case Imm::MemoryInit:
      return in.u32(out.index) && detail::decode_zero_byte(in);
    case Imm::MemoryCopy:
      out.index = 0;
      out.index2 = 0;
      return detail::decode_zero_byte(in) && detail::decode_zero_byte(in);
    case Imm::RefType:
      return detail::decode_value_type(in, out.type, /*reference_only=*/true);
    case Imm::SelectT: {
      // A vector of length other than 1 is well-formed but invalid ("invalid result arity"),
      // so the count goes to the validator in `index`.
      uint32_t count;
      if (!in.u32(count)) return false;
      out.index = count;
      for (uint32_t i = 0; i < count; ++i) {
        ValType type;
        if (!detail::decode_value_type(in, type, /*reference_only=*/false)) return false;
        if (i == 0) out.type = type;
      }
      return true;
    }
  }
  return in.illegal_opcode(at, 0, byte);
}

}  // namespace stratus::binary
