// Constant expressions (global initializers, segment offsets, element items).
#include "binary/const_expr.hpp"

#include <string>

#include "binary/decode_sections.hpp"
#include "binary/try.hpp"

namespace stratus::binary {

bool as_operand(const Instr& instr, ConstExpr& out) {
  switch (instr.op) {
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

namespace {

bool within(const Module& module, const ConstExpr& expr) {
  return expr.size <= module.bytes.size() && expr.offset <= module.bytes.size() - expr.size;
}

// "at offset 0x..: <what>", as the decoder words its errors.
Error malformed_at(uint32_t offset, std::string_view what) { return Reader({}).error_at(offset, what); }

std::span<const uint8_t> bytes_of(const Module& module, const ConstExpr& expr) {
  if (!within(module, expr)) return {};
  return std::span<const uint8_t>(module.bytes).subspan(expr.offset, expr.size);
}

}  // namespace

ConstExprReader::ConstExprReader(const Module& module, const ConstExpr& expr)
    : in_bounds_(within(module, expr)), end_(expr.offset + expr.size), instrs_(bytes_of(module, expr), expr.offset) {}

Result<ConstStep> ConstExprReader::next() {
  if (!in_bounds_) return malformed_at(end_, "constant expression lies outside the module's bytes");
  if (instrs_.at_end()) return malformed_at(end_, "constant expression has no end");
  STRATUS_CHECK(instrs_.read(instr_));
  ConstStep step;
  step.op = instr_.op;
  step.offset = instr_.offset;
  if (instr_.op == Op::End) {
    if (!instrs_.at_end()) return malformed_at(instr_.offset, "constant expression ends before its last byte");
    step.kind = ConstStep::Kind::End;
  } else if (as_operand(instr_, step.operand)) {
    step.kind = ConstStep::Kind::Operand;
    step.operand.offset = instr_.offset;
  } else {
    step.kind = is_constant_arithmetic(instr_.op) ? ConstStep::Kind::Arithmetic : ConstStep::Kind::NotConstant;
  }
  return step;
}

Result<ConstExpr> global_init(const Module& module, uint32_t defined_index) {
  if (defined_index >= module.global_inits.size())
    return malformed_at(0, "global " + std::to_string(defined_index) + " has no initializer");
  const uint32_t offset = module.global_inits[defined_index];
  if (offset >= module.bytes.size()) return malformed_at(offset, "global initializer lies outside the module's bytes");
  Reader r(std::span<const uint8_t>(module.bytes).subspan(offset), offset);
  return detail::read_const_expr(r);
}

namespace detail {

// Anything well-formed is accepted here, like the reference decoder does: which instructions
// a constant expression may hold is a validation rule. Nested blocks are followed so that
// their `end` is not mistaken for the expression's.
Result<ConstExpr> read_const_expr(Reader& r) {
  ConstExpr expr;
  expr.offset = r.offset();
  InstrReader instrs(r.rest(), r.offset());
  Instr instr;
  uint32_t depth = 0;
  uint32_t count = 0;
  bool operand = false;
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
    if (count == 0) operand = as_operand(instr, expr);
    ++count;
  }
  const uint32_t size = instrs.offset() - expr.offset;
  if (count != 1 || !operand) {
    expr = ConstExpr{};
    expr.kind = ConstExpr::Kind::Sequence;
    expr.offset = r.offset();
  }
  expr.size = size;
  r.skip(size);
  return expr;
}

}  // namespace detail

}  // namespace stratus::binary
