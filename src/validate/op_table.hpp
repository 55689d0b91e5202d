// Per-opcode facts the validator needs, computed at compile time from opcodes.def so the
// hot loop indexes arrays instead of switching on every opcode.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "binary/instr.hpp"
#include "stratus/types.hpp"

namespace stratus::validate {

// A fixed stack effect parsed from an opcodes.def "params:results" string. Wasm 2.0 never
// needs more than three operands or one result for a fixed-signature instruction.
struct OpSig {
  bool fixed = false;  // false: sig "" (typed by hand)
  uint8_t num_params = 0;
  uint8_t num_results = 0;
  std::array<ValType, 3> params{};
  ValType result = ValType::I32;
};

namespace detail {

constexpr ValType sig_letter(char c) {
  switch (c) {
    case 'i': return ValType::I32;
    case 'l': return ValType::I64;
    case 'f': return ValType::F32;
    case 'd': return ValType::F64;
    default: return ValType::V128;  // 'v'; anything else fails the static_assert below
  }
}

constexpr bool sig_letter_known(char c) {
  return c == 'i' || c == 'l' || c == 'f' || c == 'd' || c == 'v';
}

// Returns a non-fixed sig for "" and for anything it cannot represent, which the
// static_assert in op_table.cpp turns into a build error.
constexpr OpSig parse_sig(std::string_view s) {
  OpSig sig;
  if (s.empty()) return sig;
  const size_t colon = s.find(':');
  if (colon == std::string_view::npos) return sig;
  const std::string_view params = s.substr(0, colon);
  const std::string_view results = s.substr(colon + 1);
  if (params.size() > 3 || results.size() > 1) return sig;
  for (size_t i = 0; i < params.size(); ++i) {
    if (!sig_letter_known(params[i])) return sig;
    sig.params[i] = sig_letter(params[i]);
  }
  if (!results.empty()) {
    if (!sig_letter_known(results[0])) return sig;
    sig.result = sig_letter(results[0]);
  }
  sig.num_params = static_cast<uint8_t>(params.size());
  sig.num_results = static_cast<uint8_t>(results.size());
  sig.fixed = true;
  return sig;
}

}  // namespace detail

using binary::kNumOps;

// Per-column copies of opcodes.def (binary::kOpInfos), dense for the validator's hot loop.
namespace detail {
template <class T, class Column>
constexpr std::array<T, kNumOps> column(Column get) {
  std::array<T, kNumOps> out{};
  for (size_t i = 0; i < kNumOps; ++i) out[i] = get(binary::kOpInfos[i]);
  return out;
}
}  // namespace detail

inline constexpr std::array<OpSig, kNumOps> kOpSigs =
    detail::column<OpSig>([](const binary::OpInfo& info) { return detail::parse_sig(info.sig); });
inline constexpr std::array<binary::Imm, kNumOps> kOpImms =
    detail::column<binary::Imm>([](const binary::OpInfo& info) { return info.imm; });
inline constexpr std::array<std::string_view, kNumOps> kOpNames =
    detail::column<std::string_view>([](const binary::OpInfo& info) { return info.text; });

// Whether an instruction's immediate refers to something in the module (a memory, table,
// segment) or has a range (alignment, lane), i.e. whether the validator must look at it.
constexpr bool immediate_needs_check(binary::Imm imm) {
  using binary::Imm;
  switch (imm) {
    case Imm::MemArg: case Imm::MemArgLane: case Imm::Lane: case Imm::Shuffle:
    case Imm::Memory: case Imm::MemoryCopy: case Imm::MemoryInit: case Imm::Data:
    case Imm::Elem: case Imm::Table: case Imm::TableInit: case Imm::TableCopy:
      return true;
    default:
      return false;
  }
}

// log2 of the access width in bytes, the largest alignment a memory instruction may claim.
constexpr uint32_t natural_alignment(binary::Op op) {
  const uint32_t bytes = binary::op_info(op).bytes;
  return bytes == 0 ? 0 : static_cast<uint32_t>(std::countr_zero(bytes));
}

// How many lanes the lane immediate of a Lane / MemArgLane instruction may address.
constexpr uint32_t lane_count(binary::Op op) { return binary::op_info(op).lanes; }

}  // namespace stratus::validate
