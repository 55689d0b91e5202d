// Instructions with a fixed type signature (numeric, SIMD lane-wise): constants become
// immediates where a handler form allows, then the fusion rules get their chance, then the
// plain form with operands in cells.
#include <cstring>
#include <string>

#include "exec/translate/translator.hpp"

namespace stratus::exec::translator {
namespace {

bool commutative(Op op) {
  switch (op) {
    case Op::I32Add: case Op::I32Mul: case Op::I32And: case Op::I32Or: case Op::I32Xor:
    case Op::I64Add: case Op::I64Mul: case Op::I64And: case Op::I64Or: case Op::I64Xor:
    case Op::I32Eq: case Op::I32Ne: case Op::I64Eq: case Op::I64Ne:
      return true;
    default:
      return false;
  }
}

ValType sig_type(char c) {
  switch (c) {
    case 'i': return ValType::I32;
    case 'l': return ValType::I64;
    case 'f': return ValType::F32;
    case 'd': return ValType::F64;
    default: return ValType::V128;
  }
}

}  // namespace

const FixedSig& fixed_sig(Op op) {
  static const std::array<FixedSig, static_cast<size_t>(Op::Count_)> table = [] {
    std::array<FixedSig, static_cast<size_t>(Op::Count_)> t{};
    for (size_t k = 0; k < t.size(); ++k) {
      const Op o = static_cast<Op>(k);
      FixedSig& f = t[k];
      f.info = &binary::op_info(o);
      f.handlers = &op_handlers(o);
      const std::string_view sig = f.info->sig;
      const auto colon = sig.find(':');
      if (colon == std::string_view::npos) continue;
      f.arity = static_cast<uint8_t>(colon);
      f.has_result = colon + 1 < sig.size();
      if (f.has_result) f.result = sig_type(sig[colon + 1]);
    }
    return t;
  }();
  return table[static_cast<size_t>(op)];
}

bool FunctionTranslator::on_fixed(const Instr& in) {
  const FixedSig& sig = fixed_sig(in.op);
  const binary::OpInfo& info = *sig.info;
  const OpHandlers& oh = *sig.handlers;
  if (info.imm == Imm::MemArg || info.imm == Imm::MemArgLane) return on_memory(in, info, oh, sig);
  if (!oh.reg) return unsupported(info);
  const size_t arity = sig.arity;
  const ValType result = sig.result;

  // A constant left operand of a commutative op becomes the immediate. Both entries are popped
  // right away, so each keeps its own home (a temp's value lives there).
  if (arity == 2 && oh.imm && commutative(in.op) && stack_.back().kind != Operand::Kind::Const &&
      stack_[stack_.size() - 2].kind == Operand::Kind::Const)
    std::swap(stack_[stack_.size() - 2], stack_.back());
  if (arity == 2 && oh.imm && stack_.back().kind == Operand::Kind::Const) {
    const Operand rhs = pop();
    Operand lhs = pop();
    const uint32_t lhs_cell = cell(lhs);
    const uint32_t dst = push_temp(result).home;
    const PendingAdd before = pending_.add;
    const bool wide = wide_immediate(rhs.type);
    const uint64_t imm = const_cell_bits(rhs, 0);
    const size_t i = wide ? emit<op::BinaryImm64>(oh.imm, {.dst = dst, .a = lhs_cell, .imm = imm})
                          : emit<op::BinaryImm32>(oh.imm, {.dst = dst, .a = lhs_cell, .imm = static_cast<uint32_t>(imm)});
    note_result(i);
    note_imm_op(in.op, oh, i, lhs_cell, imm, wide, dst, before);
    return true;
  }
  if (arity == 2 && oh.with_load[0][0] && (fuse_with_load(in, oh, result) || fuse_with_load_add(in, oh, result)))
    return true;
  if (arity == 2 && (fuse_with_shift(oh, result) || fuse_chain(oh, result))) return true;
  uint32_t cells[3] = {0, 0, 0};
  for (size_t k = arity; k-- > 0;) {
    Operand e = pop();
    cells[k] = cell(e);
  }
  // Materializing popped constants wrote their homes, which are at or above the result's.
  const uint32_t dst = push_temp(result).home;
  if (in.op == Op::I32Add && join_add_pair(dst, cells[0], cells[1])) return true;
  const PendingAdd before = pending_.add;
  size_t i = 0;
  switch (oh.reg_layout) {
    case op::LayoutId::Unary: i = emit<op::Unary>(oh.reg, {.dst = dst, .a = cells[0]}); break;
    case op::LayoutId::Binary: i = emit<op::Binary>(oh.reg, {.dst = dst, .a = cells[0], .b = cells[1]}); break;
    case op::LayoutId::Ternary:
      i = emit<op::Ternary>(oh.reg, {.dst = dst, .a = cells[0], .b = cells[1], .c = cells[2]});
      break;
    case op::LayoutId::UnaryLane: i = emit<op::UnaryLane>(oh.reg, {.dst = dst, .a = cells[0], .lane = in.lane}); break;
    case op::LayoutId::BinaryLane:
      i = emit<op::BinaryLane>(oh.reg, {.dst = dst, .a = cells[0], .b = cells[1], .lane = in.lane});
      break;
    case op::LayoutId::Shuffle: {
      op::Shuffle::Args fields{.dst = dst, .a = cells[0], .b = cells[1]};
      std::memcpy(fields.lanes.data(), in.constant.v128().bytes, 16);
      i = emit<op::Shuffle>(oh.reg, fields);
      break;
    }
    default: return unsupported(info);  // op_handlers gives reg handlers only the layouts above
  }
  note_result(i);
  note_reg_op(in.op, oh, i, arity, cells, dst, result, before);
  return true;
}

}  // namespace stratus::exec::translator
