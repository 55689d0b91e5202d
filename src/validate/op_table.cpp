#include "validate/op_table.hpp"

namespace stratus::validate {

namespace {

// Every non-empty sig in opcodes.def must be representable; a typo there should break the
// build, not silently turn an instruction into "typed by hand" and then into an error.
constexpr bool all_sigs_parse() {
  constexpr std::array<std::string_view, kNumOps> raw = {
#define STRATUS_OP(name, prefix, code, text, imm, sig) std::string_view(sig),
#include "binary/opcodes.def"
#undef STRATUS_OP
  };
  for (size_t i = 0; i < kNumOps; ++i) {
    if (!raw[i].empty() && !kOpSigs[i].fixed) return false;
  }
  return true;
}
static_assert(all_sigs_parse(), "opcodes.def has a sig the validator cannot represent");

}  // namespace

uint32_t natural_alignment(binary::Op op) {
  using binary::Op;
  switch (op) {
    case Op::I32Load8S: case Op::I32Load8U: case Op::I64Load8S: case Op::I64Load8U:
    case Op::I32Store8: case Op::I64Store8: case Op::V128Load8Splat:
    case Op::V128Load8Lane: case Op::V128Store8Lane:
      return 0;
    case Op::I32Load16S: case Op::I32Load16U: case Op::I64Load16S: case Op::I64Load16U:
    case Op::I32Store16: case Op::I64Store16: case Op::V128Load16Splat:
    case Op::V128Load16Lane: case Op::V128Store16Lane:
      return 1;
    case Op::I32Load: case Op::F32Load: case Op::I32Store: case Op::F32Store:
    case Op::I64Load32S: case Op::I64Load32U: case Op::I64Store32:
    case Op::V128Load32Splat: case Op::V128Load32Zero:
    case Op::V128Load32Lane: case Op::V128Store32Lane:
      return 2;
    case Op::I64Load: case Op::F64Load: case Op::I64Store: case Op::F64Store:
    case Op::V128Load8x8S: case Op::V128Load8x8U: case Op::V128Load16x4S:
    case Op::V128Load16x4U: case Op::V128Load32x2S: case Op::V128Load32x2U:
    case Op::V128Load64Splat: case Op::V128Load64Zero:
    case Op::V128Load64Lane: case Op::V128Store64Lane:
      return 3;
    case Op::V128Load: case Op::V128Store:
      return 4;
    default:
      return 0;
  }
}

uint32_t lane_count(binary::Op op) {
  using binary::Op;
  switch (op) {
    case Op::I8x16ExtractLaneS: case Op::I8x16ExtractLaneU: case Op::I8x16ReplaceLane:
    case Op::V128Load8Lane: case Op::V128Store8Lane:
      return 16;
    case Op::I16x8ExtractLaneS: case Op::I16x8ExtractLaneU: case Op::I16x8ReplaceLane:
    case Op::V128Load16Lane: case Op::V128Store16Lane:
      return 8;
    case Op::I32x4ExtractLane: case Op::I32x4ReplaceLane:
    case Op::F32x4ExtractLane: case Op::F32x4ReplaceLane:
    case Op::V128Load32Lane: case Op::V128Store32Lane:
      return 4;
    case Op::I64x2ExtractLane: case Op::I64x2ReplaceLane:
    case Op::F64x2ExtractLane: case Op::F64x2ReplaceLane:
    case Op::V128Load64Lane: case Op::V128Store64Lane:
      return 2;
    default:
      return 0;
  }
}

}  // namespace stratus::validate
