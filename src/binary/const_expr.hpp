// Reading a Sequence constant expression (see ConstExpr in binary/module.hpp) back from
// Module::bytes one instruction at a time: the validator types it, instantiation evaluates
// it. Which instructions are constant is said here once, for the decoder too.
#pragma once

#include <cstdint>

#include "binary/instr.hpp"
#include "binary/module.hpp"
#include "stratus/result.hpp"

namespace stratus::binary {

// Sets `out` (kind, index, null type, constant) when `instr` is one of the single-instruction
// forms of ConstExpr: t.const, ref.null, ref.func or global.get.
bool as_operand(const Instr& instr, ConstExpr& out);

// Wasm 3.0's extended constants: wrapping i32/i64 add, sub and mul, typed by their sig in
// opcodes.def.
constexpr bool is_constant_arithmetic(Op op) {
  switch (op) {
    case Op::I32Add: case Op::I32Sub: case Op::I32Mul:
    case Op::I64Add: case Op::I64Sub: case Op::I64Mul:
      return true;
    default:
      return false;
  }
}

// Defined global `defined_index`'s initializer, read again from Module::global_inits'
// offset as the decoder read it. An index or offset a hand-built Module got wrong is a
// Malformed error, never a read outside the module.
Result<ConstExpr> global_init(const Module& module, uint32_t defined_index);

// One instruction of a constant expression.
struct ConstStep {
  enum class Kind : uint8_t {
    Operand,      // pushes `operand`, a single-instruction ConstExpr
    Arithmetic,   // `op` is_constant_arithmetic
    NotConstant,  // `op` may not appear in a constant expression
    End,          // the expression's final `end`
  };
  Kind kind = Kind::End;
  Op op = Op::End;
  uint32_t offset = 0;  // the instruction's, in the module
  ConstExpr operand;
};

class ConstExprReader {
 public:
  // `expr` is a Sequence of `module`. Bytes that are not where `expr` says (a Module built by
  // hand) are a Malformed error from next(), never a read outside the module.
  ConstExprReader(const Module& module, const ConstExpr& expr);

  // The next instruction. Stop after End, NotConstant or an error: what follows a
  // non-constant instruction (a block's body, say) is not a constant expression's.
  Result<ConstStep> next();

 private:
  bool in_bounds_;
  uint32_t end_;  // one past the final `end`
  InstrReader instrs_;
  Instr instr_;
};

}  // namespace stratus::binary
