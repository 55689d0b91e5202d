// The handler tables the translator emits from. Each family and special handler, with its
// layout, is listed in exec/interp/internal_ops.def; the members below are generated from there.
#pragma once

#include <cstdint>

#include "binary/instr.hpp"
#include "exec/interp/code.hpp"
#include "exec/interp/internal_ops.hpp"

namespace stratus::exec {

// Per-opcode handlers for the instructions with a fixed type signature: one member per family.
//   reg            operands in cells (layout: reg_layout)
//   imm            a binary op with an immediate right operand
//   branch_reg/imm a comparison (or i32/i64.eqz) fused with the branch consuming it, taken when
//                  the result is non-zero, or zero if negated
//   memory         a load or store; memory_add: with a fused i32.add address (b a cell or imm)
//   store_add_const  i32.store/store8/store16 of an i32 constant with a fused address
//   with_load      a binary op with one operand loaded from memory (a full-width load)
//   with_shift     i32 add/and/or/xor of a constant shift or rotate (sha256, crc32, hashes)
//   op_store       a with_load-list op whose result is stored with a full-width store
//   rmw            a with_load op stored back where its operand came from
//   with_load_add  a with_load op whose address is a fused add of a cell and an immediate
//   add_branch     an i32 comparison of an add-immediate just before, with the branch (loops)
//   chain          f32/f64 add/sub/mul of an add/sub/mul of the same type just emitted
//   rmw_mul        f32/f64 add/sub rmw whose other operand is a with_load mul (dot products)
struct OpHandlers {
  op::LayoutId reg_layout = op::LayoutId::Binary;  // of `reg`, from the semantics' signature
#define STRATUS_FAMILY(member, dims, variants, layout) Handler member dims = {};
#include "exec/interp/internal_ops.def"
#undef STRATUS_FAMILY
};
enum ChainKind : uint8_t { kChainAdd, kChainSub, kChainMul };
enum ShiftKind : uint8_t { kShl, kShrS, kShrU, kRotl, kRotr };
const OpHandlers& op_handlers(binary::Op op);

// Handlers for everything else.
struct SpecialHandlers {
#define STRATUS_SPECIAL(member, dims, variants, layout) Handler member dims;
#include "exec/interp/internal_ops.def"
#undef STRATUS_SPECIAL
};
const SpecialHandlers& special_handlers();

}  // namespace stratus::exec
