// The fusion candidates: what the instruction just emitted offers to the one that follows.
//
// Each record describes a producer, [start, end) in the code, that a consumer emitted right
// after it (end == the current position, no label between) may absorb: the consumer truncates
// the producer and emits one fused instruction. Every emission and every label forgets them all
// (Pending::forget, the one list), except that a loaded mul survives one instruction: the
// load an rmw_mul also absorbs. The rules themselves are FunctionTranslator members in
// fusion_rules.hpp, one function per rule.
#pragma once

#include <cstdint>

#include "binary/instr.hpp"
#include "exec/interp/handlers.hpp"
#include "exec/translate/operand_stack.hpp"

namespace stratus::exec::translator {

using binary::Op;

// An instruction just emitted: [start, end).
struct Emitted {
  size_t start = kNone, end = kNone;
};

// A comparison just emitted, which a following br_if / if may absorb.
struct PendingCompare {
  size_t start = kNone, end = kNone;
  Op op = Op::Nop;
  bool unary = false, imm = false, imm64 = false;
  uint32_t lhs = 0, rhs = 0, home = 0;
  uint64_t imm_bits = 0;
  // The i32.add of an immediate emitted right before, whose result (in cell `lhs`) it compares.
  size_t add_start = kNone, add_end = kNone;
  uint32_t add_src = 0, add_imm = 0;
};

// An i32.add just emitted, which a following load or store may absorb into its address.
struct PendingAdd {
  size_t start = kNone, end = kNone;
  bool imm = false;
  uint32_t lhs = 0, rhs = 0, home = 0;  // rhs: a cell, or the immediate
};

// A full-width load just emitted, which a following binary op may absorb as an operand.
struct PendingLoad {
  size_t start = kNone, end = kNone;
  uint32_t addr = 0, offset = 0, home = 0, wasm_offset = 0;
};

// A full-width load from (a + imm) mod 2^32 just emitted (a fused i32.add), which a following
// binary op may absorb like a PendingLoad.
struct PendingLoadAdd {
  size_t start = kNone, end = kNone;
  uint32_t a = 0, imm = 0, offset = 0, home = 0, wasm_offset = 0;
};

// A binary op of the with_load list just emitted in its all-cells form, which a following
// full-width store of its result may absorb.
struct PendingBinary {
  size_t start = kNone, end = kNone;
  Op store = Op::Nop;  // the store that may absorb it
  const OpHandlers* handlers = nullptr;
  uint32_t a = 0, b = 0, home = 0;
  int chain = -1;       // ChainKind of an f32/f64 add/sub/mul
  ValType type = ValType::I32;
};

// An f32/f64 mul with one operand loaded (with_load or with_load_add) just emitted, which a
// read-modify-write add/sub of its result may absorb: x * [(a + imm) + offset].
struct PendingMulLoad {
  size_t start = kNone, end = kNone;
  bool lhs_loaded = false;
  ValType type = ValType::F64;
  uint32_t x = 0, a = 0, imm = 0, offset = 0, home = 0, wasm_offset = 0;
};

// A with_load op just emitted, which a store of its result back to the loaded address may absorb.
struct PendingWithLoad {
  size_t start = kNone, end = kNone;
  Op store = Op::Nop;
  const OpHandlers* handlers = nullptr;
  bool lhs_loaded = false;
  uint32_t other = 0, addr = 0, offset = 0, home = 0, wasm_offset = 0;
  PendingMulLoad inner;  // start != kNone: `other` is that mul's result, emitted right before
};

// An i32 shift or rotate by a constant just emitted, which a following add/and/or/xor may absorb.
struct PendingShift {
  size_t start = kNone, end = kNone;
  ShiftKind kind = kShl;
  uint32_t value = 0, amount = 0, home = 0;
};

struct Pending {
  PendingCompare compare;
  PendingAdd add;
  PendingLoad load;
  PendingLoadAdd load_add;
  PendingShift shift;
  PendingBinary binary;
  PendingWithLoad with_load;
  PendingMulLoad mul_load;
  Emitted copy;     // a one-cell copy, which a following one joins (copy_pair)
  Emitted reg_add;  // an i32.add of two cells, which a following one joins (add_pair)
  Emitted result;   // an instruction whose result (field 0) a local.set or return may retarget

  void forget(bool keep_mul_load) {
    compare.start = kNone;
    add.start = kNone;
    load.start = kNone;
    load_add.start = kNone;
    shift.start = kNone;
    binary.start = kNone;
    with_load.start = kNone;
    if (!keep_mul_load) mul_load.start = kNone;
    copy.start = kNone;
    reg_add.start = kNone;
    result.start = kNone;
  }
};

// Where a branch condition comes from.
struct Condition {
  bool fused = false;
  PendingCompare compare;
  uint32_t cell = 0;
};

}  // namespace stratus::exec::translator
