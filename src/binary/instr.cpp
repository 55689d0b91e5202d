#include "binary/instr.hpp"

#include <array>
#include <cstdio>
#include <cstring>

#include "binary/limits.hpp"
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


// The careful path: every read checked and every failure turned into a precise Error. It is
// only taken when the fast path below gives up, which for well-formed code is never.
Result<void> read_checked(Reader& r_, std::vector<uint32_t>& targets_, Instr& out) {
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
      if (count > kMaxBrTableTargets) {
        return r_.error_at(count_at, too_many("br_table targets", count, kMaxBrTableTargets));
      }
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

// The fast path: a raw cursor and plain bools instead of Results. Any doubt (end of input,
// an over-long or oversized LEB, a bad reserved byte, an unknown opcode) returns false
// without consuming anything, and the checked path then produces the error.
struct Cursor {
  const uint8_t* p;
  const uint8_t* end;
};

[[gnu::noinline]] bool u32_multi(Cursor& c, uint32_t& out) {
  uint32_t result = 0;
  const uint8_t* p = c.p;
  for (unsigned shift = 0; shift < 35; shift += 7) {
    if (p == c.end) return false;
    const uint8_t byte = *p++;
    if (shift == 28 && (byte & 0xF0) != 0) return false;
    result |= static_cast<uint32_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      c.p = p;
      out = result;
      return true;
    }
  }
  return false;
}

inline bool fast_u32(Cursor& c, uint32_t& out) {
  if (c.p != c.end && *c.p < 0x80) [[likely]] {
    out = *c.p++;
    return true;
  }
  return u32_multi(c, out);
}

inline bool fast_u8(Cursor& c, uint8_t& out) {
  if (c.p == c.end) return false;
  out = *c.p++;
  return true;
}

// Signed LEB of `width` bits (32 or 64) with the same acceptance rules as Reader.
template <int width>
[[gnu::noinline]] bool signed_multi(Cursor& c, int64_t& out) {
  uint64_t result = 0;
  const uint8_t* p = c.p;
  unsigned shift = 0;
  for (int bits_left = width; bits_left > 0; bits_left -= 7, shift += 7) {
    if (p == c.end) return false;
    const uint8_t byte = *p++;
    if (bits_left < 7) {
      const uint8_t mask = static_cast<uint8_t>((0x7Fu << (bits_left - 1)) & 0x7Fu);
      if ((byte & mask) != 0 && (byte & mask) != mask) return false;
    }
    result |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      if (shift + 7 < 64 && (byte & 0x40) != 0) result |= ~uint64_t{0} << (shift + 7);
      c.p = p;
      out = static_cast<int64_t>(result);
      return true;
    }
  }
  return false;
}

template <int width>
inline bool fast_signed(Cursor& c, int64_t& out) {
  if (c.p != c.end && *c.p < 0x80) [[likely]] {
    out = static_cast<int8_t>(static_cast<uint8_t>(*c.p++ << 1)) >> 1;
    return true;
  }
  return signed_multi<width>(c, out);
}

inline bool fast_memarg(Cursor& c, MemArg& mem) {
  uint32_t align, offset;
  if (!fast_u32(c, align) || align >= kMaxAlignExponent || !fast_u32(c, offset)) return false;
  mem.align = align;
  mem.memory = 0;
  mem.offset = offset;
  return true;
}

inline bool fast_zero(Cursor& c) { return c.p != c.end && *c.p++ == 0; }

inline bool fast_fixed(Cursor& c, size_t n, uint8_t* dst) {
  if (static_cast<size_t>(c.end - c.p) < n) return false;
  std::memcpy(dst, c.p, n);
  c.p += n;
  return true;
}

bool fast_read(Cursor& c, std::vector<uint32_t>& targets, Instr& out) {
  uint8_t byte;
  if (!fast_u8(c, byte)) return false;
  uint16_t op = kSingleByteOps[byte];
  if (op == kNoOp) {
    if (byte != 0xFC && byte != 0xFD) return false;
    uint32_t code;
    if (!fast_u32(c, code)) return false;
    if (byte == 0xFC) {
      op = code < kPrefixFCOps.size() ? kPrefixFCOps[code] : kNoOp;
    } else {
      op = code < kPrefixFDOps.size() ? kPrefixFDOps[code] : kNoOp;
    }
    if (op == kNoOp) return false;
  }
  out.op = static_cast<Op>(op);

  switch (kOpInfos[op].imm) {
    case Imm::None:
      return true;
    case Imm::Block: {
      if (c.p == c.end) return false;
      const uint8_t first = *c.p;
      if (first == 0x40) {
        ++c.p;
        out.block.kind = BlockType::Kind::Empty;
        return true;
      }
      if (decode_valtype(first, out.block.value)) {
        ++c.p;
        out.block.kind = BlockType::Kind::Value;
        return true;
      }
      return false;  // type indices are rare enough for the checked path
    }
    case Imm::Label:
    case Imm::Func:
    case Imm::Local:
    case Imm::Global:
    case Imm::Table:
    case Imm::Elem:
    case Imm::Data:
      return fast_u32(c, out.index);
    case Imm::BrTable: {
      uint32_t count;
      if (!fast_u32(c, count) || count > static_cast<size_t>(c.end - c.p) || count > kMaxBrTableTargets) return false;
      targets.clear();
      targets.reserve(count);
      for (uint32_t i = 0; i < count; ++i) {
        uint32_t target;
        if (!fast_u32(c, target)) return false;
        targets.push_back(target);
      }
      if (!fast_u32(c, out.br_default)) return false;
      out.br_targets = targets;
      return true;
    }
    case Imm::CallIndirect:
    case Imm::TableInit:
    case Imm::TableCopy:
      return fast_u32(c, out.index) && fast_u32(c, out.index2);
    case Imm::MemArg:
      return fast_memarg(c, out.mem);
    case Imm::MemArgLane:
      return fast_memarg(c, out.mem) && fast_u8(c, out.lane);
    case Imm::Lane:
      return fast_u8(c, out.lane);
    case Imm::I32: {
      int64_t value;
      if (!fast_signed<32>(c, value)) return false;
      out.constant = Val::i32(static_cast<int32_t>(value));
      return true;
    }
    case Imm::I64: {
      int64_t value;
      if (!fast_signed<64>(c, value)) return false;
      out.constant = Val::i64(value);
      return true;
    }
    case Imm::F32: {
      uint8_t raw[4];
      if (!fast_fixed(c, 4, raw)) return false;
      out.constant = Val::f32_bits(uint32_t{raw[0]} | uint32_t{raw[1]} << 8 | uint32_t{raw[2]} << 16 |
                                   uint32_t{raw[3]} << 24);
      return true;
    }
    case Imm::F64: {
      uint8_t raw[8];
      if (!fast_fixed(c, 8, raw)) return false;
      uint64_t bits = 0;
      for (int i = 7; i >= 0; --i) bits = (bits << 8) | raw[i];
      out.constant = Val::f64_bits(bits);
      return true;
    }
    case Imm::V128:
    case Imm::Shuffle: {
      V128 value;
      if (!fast_fixed(c, 16, value.bytes)) return false;
      out.constant = Val::v128(value);
      return true;
    }
    case Imm::Memory:
      out.index = 0;
      return fast_zero(c);
    case Imm::MemoryInit:
      return fast_u32(c, out.index) && fast_zero(c);
    case Imm::MemoryCopy:
      out.index = 0;
      out.index2 = 0;
      return fast_zero(c) && fast_zero(c);
    case Imm::RefType: {
      uint8_t type;
      return fast_u8(c, type) && decode_reftype(type, out.type);
    }
    case Imm::SelectT:
      return false;  // rare: the checked path handles it
  }
  return false;
}

}  // namespace

Result<void> InstrReader::read(Instr& out) {
  const auto rest = r_.rest();
  Cursor cursor{rest.data(), rest.data() + rest.size()};
  out.offset = r_.offset();
  if (fast_read(cursor, targets_, out)) [[likely]] {
    r_.skip(static_cast<size_t>(cursor.p - rest.data()));
    return {};
  }
  return read_checked(r_, targets_, out);
}

}  // namespace stratus::binary
