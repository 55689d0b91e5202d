#include "validate/op_table.hpp"

#include <bit>

namespace stratus::validate {

namespace {

// Every non-empty sig in opcodes.def must be representable; a typo there should break the
// build, not silently turn an instruction into "typed by hand" and then into an error.
constexpr bool all_sigs_parse() {
  for (size_t i = 0; i < kNumOps; ++i) {
    if (!binary::kOpInfos[i].sig.empty() && !kOpSigs[i].fixed) return false;
  }
  return true;
}
static_assert(all_sigs_parse(), "opcodes.def has a sig the validator cannot represent");

// The bytes and lanes columns are filled exactly where the immediate needs them, with
// widths that can be alignments, and a lane memory access covers one lane of a v128.
constexpr bool columns_match_immediates() {
  using binary::Imm;
  for (const binary::OpInfo& info : binary::kOpInfos) {
    const bool memory = info.imm == Imm::MemArg || info.imm == Imm::MemArgLane;
    const bool lane = info.imm == Imm::Lane || info.imm == Imm::MemArgLane;
    if (memory != (info.bytes != 0) || (memory && !std::has_single_bit(info.bytes))) return false;
    if (lane != (info.lanes != 0) || (lane && !std::has_single_bit(info.lanes))) return false;
    if (info.imm == Imm::MemArgLane && info.bytes * info.lanes != 16) return false;
  }
  return true;
}
static_assert(columns_match_immediates(), "opcodes.def has a bytes or lanes column that does not fit its Imm");

}  // namespace

}  // namespace stratus::validate
