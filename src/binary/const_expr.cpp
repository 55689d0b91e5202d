// Constant expressions (global initializers, segment offsets, element items).
#include "binary/decode_sections.hpp"
#include "binary/instr.hpp"
#include "binary/try.hpp"

namespace stratus::binary::detail {

namespace {

bool is_constant_form(Op op, ConstExpr& out, const Instr& instr) {
  switch (op) {
    case Op::I32Const: out.kind = ConstExpr::Kind::I32; out.set_constant(instr.constant); return true;
    case Op::I64Const: out.kind = ConstExpr::Kind::I64; out.set_constant(instr.constant); return true;
    case Op::F32Const: out.kind = ConstExpr::Kind::F32; out.set_constant(instr.constant); return true;
    case Op::F64Const: out.kind = ConstExpr::Kind::F64; out.set_constant(instr.constant); return true;
    case Op::V128Const: out.kind = ConstExpr::Kind::V128; out.set_constant(instr.constant); return true;
    case Op::RefNull:
      out.kind = ConstExpr::Kind::RefNull;
      out.null_type = instr.type;
      return true;
    case Op::RefFunc: out.kind = ConstExpr::Kind::RefFunc; out.index = instr.index; return true;
    case Op::GlobalGet: out.kind = ConstExpr::Kind::GlobalGet; out.index = instr.index; return true;
    default:
      return false;
  }
}

}  // namespace

// Anything well-formed is accepted here, like the reference decoder does: which instructions
// a constant expression may hold is a validation rule. Nested blocks are followed so that
// their `end` is not mistaken for the expression's.
Result<ConstExpr> read_const_expr(Reader& r) {
  ConstExpr expr;
  expr.offset = r.offset();
  expr.instr_count = 0;
  InstrReader instrs(r.rest(), r.offset());
  Instr instr;
  uint32_t depth = 0;
  for (;;) {
    if (instrs.at_end()) {
      r.skip(r.remaining());
      return r.end_error();
    }
    auto read = instrs.read(instr);
    if (!read) return read.error();
    if (instr.op == Op::End) {
      if (depth == 0) break;
      --depth;
    } else if (instr.op == Op::Block || instr.op == Op::Loop || instr.op == Op::If) {
      ++depth;
    }
    // Only the first instruction describes the expression; later ones are only classified.
    ConstExpr later;
    if (!is_constant_form(instr.op, expr.instr_count == 0 ? expr : later, instr)) {
      expr.non_constant = true;
    }
    ++expr.instr_count;
  }
  r.skip(instrs.offset() - r.offset());
  return expr;
}

}  // namespace stratus::binary::detail
