// Reads the instructions of an already validated function body, for the translator.
//
// binary::InstrReader checks every byte and reports malformed input; by the time the translator
// runs, decode and validation have accepted the body, so this reader trusts the encoding: no
// bounds or range checks, no Result, and the common one-byte LEBs take one compare. It fills the
// same Instr fields InstrReader does (see binary/instr.hpp). The only check it keeps is the end
// of the body, so a translator bug cannot read past it.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "binary/instr.hpp"

namespace stratus::exec {

namespace valid_reader_detail {

struct Tables {
  std::array<uint16_t, 256> single{};
  std::array<uint16_t, 32> fc{};
  std::array<uint16_t, 256> fd{};
  std::array<binary::Imm, static_cast<size_t>(binary::Op::Count_) + 1> imm{};
};
// Opcode bytes -> Op, and each Op's immediate kind, from opcodes.def. Bytes that are no
// opcode map to Nop (validated code never holds them).
constexpr Tables make_tables() {
  struct Entry {
    uint32_t prefix, code;
    binary::Imm imm;
  };
  constexpr Entry entries[] = {
#define STRATUS_OP(name, prefix, code, text, imm, sig) {prefix, code, binary::Imm::imm},
#include "binary/opcodes.def"
#undef STRATUS_OP
  };
  Tables t{};
  const auto nop = static_cast<uint16_t>(binary::Op::Nop);
  for (auto& e : t.single) e = nop;
  for (auto& e : t.fc) e = nop;
  for (auto& e : t.fd) e = nop;
  for (size_t i = 0; i < std::size(entries); ++i) {
    const Entry& e = entries[i];
    t.imm[i] = e.imm;
    if (e.prefix == 0) t.single[e.code] = static_cast<uint16_t>(i);
    else if (e.prefix == 0xFC) t.fc[e.code] = static_cast<uint16_t>(i);
    else t.fd[e.code] = static_cast<uint16_t>(i);
  }
  return t;
}
inline constexpr Tables kTables = make_tables();

}  // namespace valid_reader_detail

class ValidReader {
 public:
  ValidReader(std::span<const uint8_t> body, uint32_t base_offset)
      : begin_(body.data()), p_(body.data()), end_(body.data() + body.size()), base_(base_offset) {}

  bool at_end() const { return p_ >= end_; }

  [[gnu::always_inline]] void read(binary::Instr& out) {
    using binary::Imm;
    using valid_reader_detail::kTables;
    out.offset = base_ + static_cast<uint32_t>(p_ - begin_);
    const uint8_t byte = *p_++;
    uint16_t op = kTables.single[byte];
    if (byte == 0xFC) op = kTables.fc[u32() & 31];
    else if (byte == 0xFD) op = kTables.fd[u32() & 255];
    out.op = static_cast<binary::Op>(op);
    switch (kTables.imm[op]) {
      case Imm::None: return;
      case Imm::Block: {
        const uint8_t first = *p_;
        if (first == 0x40) {
          ++p_;
          out.block.kind = binary::BlockType::Kind::Empty;
        } else if (first >= 0x6F && first <= 0x7F) {  // a value type (validated)
          ++p_;
          out.block.kind = binary::BlockType::Kind::Value;
          out.block.value = static_cast<ValType>(first);
        } else {
          out.block.kind = binary::BlockType::Kind::TypeIndex;
          out.block.type_index = static_cast<uint32_t>(sleb());
        }
        return;
      }
      case Imm::Label:
      case Imm::Func:
      case Imm::Local:
      case Imm::Global:
      case Imm::Table:
      case Imm::Elem:
      case Imm::Data:
        out.index = u32();
        return;
      case Imm::BrTable: {
        const uint32_t count = u32();
        targets_.resize(count);
        for (uint32_t i = 0; i < count; ++i) targets_[i] = u32();
        out.br_default = u32();
        out.br_targets = targets_;
        return;
      }
      case Imm::CallIndirect:
      case Imm::TableInit:
      case Imm::TableCopy:
        out.index = u32();
        out.index2 = u32();
        return;
      case Imm::MemArg:
        memarg(out.mem);
        return;
      case Imm::MemArgLane:
        memarg(out.mem);
        out.lane = *p_++;
        return;
      case Imm::Lane: out.lane = *p_++; return;
      case Imm::I32: out.constant = Val::i32(static_cast<int32_t>(sleb())); return;
      case Imm::I64: out.constant = Val::i64(sleb()); return;
      case Imm::F32: {
        uint32_t bits;
        std::memcpy(&bits, p_, 4);  // little-endian host
        p_ += 4;
        out.constant = Val::f32_bits(bits);
        return;
      }
      case Imm::F64: {
        uint64_t bits;
        std::memcpy(&bits, p_, 8);
        p_ += 8;
        out.constant = Val::f64_bits(bits);
        return;
      }
      case Imm::V128:
      case Imm::Shuffle: {
        V128 value;
        std::memcpy(value.bytes, p_, 16);
        p_ += 16;
        out.constant = Val::v128(value);
        return;
      }
      case Imm::Memory:
        out.index = 0;
        ++p_;
        return;
      case Imm::MemoryInit:
        out.index = u32();
        ++p_;
        return;
      case Imm::MemoryCopy:
        out.index = 0;
        out.index2 = 0;
        p_ += 2;
        return;
      case Imm::RefType: out.type = static_cast<ValType>(*p_++); return;
      case Imm::SelectT: {
        const uint32_t count = u32();
        out.index = count;
        for (uint32_t i = 0; i < count; ++i) {
          const auto t = static_cast<ValType>(*p_++);
          if (i == 0) out.type = t;
        }
        return;
      }
    }
  }

 private:
  uint32_t u32() {
    uint32_t r = *p_++;
    if (r < 0x80) [[likely]] return r;
    r &= 0x7F;
    for (unsigned shift = 7;; shift += 7) {
      const uint8_t b = *p_++;
      r |= static_cast<uint32_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return r;
    }
  }
  int64_t sleb() {
    uint64_t r = 0;
    unsigned shift = 0;
    uint8_t b;
    do {
      b = *p_++;
      r |= static_cast<uint64_t>(b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) && shift < 64);
    if (shift < 64 && (b & 0x40)) r |= ~uint64_t{0} << shift;
    return static_cast<int64_t>(r);
  }
  void memarg(binary::MemArg& mem) {
    mem.align = u32();
    mem.memory = 0;
    mem.offset = u32();
  }


  const uint8_t* begin_;
  const uint8_t* p_;
  const uint8_t* end_;
  uint32_t base_;
  std::vector<uint32_t> targets_;
};

}  // namespace stratus::exec
