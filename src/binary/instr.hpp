// One decoded instruction and the reader that produces them from a function body.
// Shared by the validator (which checks types) and the translator (which trusts a validated body).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "binary/reader.hpp"
#include "stratus/types.hpp"
#include "stratus/value.hpp"

namespace stratus::binary {

enum class Op : uint16_t {
#define STRATUS_OP(name, ...) name,
#include "binary/opcodes.def"
#undef STRATUS_OP
  Count_
};
inline constexpr size_t kNumOps = static_cast<size_t>(Op::Count_);

enum class Imm : uint8_t {
  None, Block, Label, BrTable, Func, CallIndirect, Local, Global, Table, MemArg,
  I32, I64, F32, F64, V128, Memory, SelectT, RefType, Elem, Data,
  TableCopy, TableInit, MemoryInit, MemoryCopy, Lane, MemArgLane, Shuffle,
};

// One row of opcodes.def; see there for what each column means.
struct OpInfo {
  uint8_t prefix;        // 0, 0xFC or 0xFD
  uint32_t code;
  std::string_view text; // "i32.add"
  Imm imm;
  std::string_view sig;  // "ii:i", or "" when typed by hand
  uint8_t bytes;         // bytes a load or store accesses, else 0
  uint8_t lanes;         // lanes a lane immediate may address, else 0
};

inline constexpr std::array<OpInfo, kNumOps> kOpInfos = {{
#define STRATUS_OP(name, prefix, code, text, imm, sig, bytes, lanes) {prefix, code, text, Imm::imm, sig, bytes, lanes},
#include "binary/opcodes.def"
#undef STRATUS_OP
}};
constexpr const OpInfo& op_info(Op op) { return kOpInfos[static_cast<size_t>(op)]; }

// Block types: empty, a single value type, or a type index (multi-value).
struct BlockType {
  enum class Kind : uint8_t { Empty, Value, TypeIndex } kind = Kind::Empty;
  ValType value = ValType::I32;
  uint32_t type_index = 0;
};

struct MemArg {
  uint32_t align = 0;   // log2 of the alignment
  uint32_t memory = 0;  // always 0 in Wasm 2.0
  uint64_t offset = 0;
};

// read() sets `op`, `offset` and the fields the op's Imm uses; the others keep whatever they
// held before, so reusing one Instr across reads costs nothing.
struct Instr {
  Op op = Op::Nop;
  uint32_t offset = 0;     // byte offset of the opcode within the module
  BlockType block;         // Block, Loop, If
  // SelectT: `index` is the length of the type vector. Only 1 is valid, but other lengths
  // are well-formed, so the validator reports them ("invalid result arity").
  uint32_t index = 0;      // Label, Func, Local, Global, Table, Elem, Data, CallIndirect (type), TableInit (elem), MemoryInit (data), TableCopy (dst)
  uint32_t index2 = 0;     // CallIndirect (table), TableInit (table), TableCopy (src)
  MemArg mem;              // MemArg, MemArgLane
  uint8_t lane = 0;        // Lane, MemArgLane
  ValType type = ValType::I32;  // RefType, SelectT (the first type, when there is one)
  Val constant;            // I32, I64, F32, F64, V128; Shuffle lanes as a V128
  // BrTable: targets live in the reader's scratch vector, valid until the next read().
  std::span<const uint32_t> br_targets;
  uint32_t br_default = 0;
};

// Reads instructions from `body` (a span into the module's bytes starting at module offset
// `base_offset`). Malformed encodings (unknown opcode, bad LEB, truncated immediate, non-zero
// reserved byte, select with a type vector of length != 1, ...) are errors naming the offset.
class InstrReader {
 public:
  InstrReader(std::span<const uint8_t> body, uint32_t base_offset);
  bool at_end() const { return r_.at_end(); }
  uint32_t offset() const { return base_ + static_cast<uint32_t>(r_.position()); }
  Result<void> read(Instr& out) {
    if (read_fast(out)) [[likely]] return {};
    return read_checked(out);
  }

 private:
  // Here, so that a caller's loop sees the common case return no Result to test and destroy.
  bool read_fast(Instr& out);
  Result<void> read_checked(Instr& out);

  Reader r_;
  uint32_t base_;
  std::vector<uint32_t> targets_;
};

}  // namespace stratus::binary
