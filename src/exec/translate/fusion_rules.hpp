// Every fusion rule of the translator, one function each, and the notes the plain forms leave
// for them (fusion.hpp describes the candidates). A rule checks that its producer is the
// instruction just emitted and that the operands are where the fused handler can read them,
// truncates the producer and emits the fused instruction. The golden tests
// (tests/unit/exec/golden/) show each rule's output.
//
// Included at the end of translator.hpp: each rule runs once per instruction of its kind and
// usually answers no at its first test, so the lowering that calls it inlines it.
#pragma once

namespace stratus::exec::translator {
namespace fusion_detail {

inline bool is_full_width_load(Op op) {
  return op == Op::I32Load || op == Op::I64Load || op == Op::F32Load || op == Op::F64Load;
}

inline bool is_float_mul(Op op) { return op == Op::F64Mul || op == Op::F32Mul; }

inline int chain_kind(Op op) {
  switch (op) {
    case Op::F32Add: case Op::F64Add: return kChainAdd;
    case Op::F32Sub: case Op::F64Sub: return kChainSub;
    case Op::F32Mul: case Op::F64Mul: return kChainMul;
    default: return -1;
  }
}

inline int shift_kind(Op op) {
  switch (op) {
    case Op::I32Shl: return kShl;
    case Op::I32ShrS: return kShrS;
    case Op::I32ShrU: return kShrU;
    case Op::I32Rotl: return kRotl;
    case Op::I32Rotr: return kRotr;
    default: return -1;
  }
}

// The full-width store of a value type.
inline Op full_store(ValType t) {
  switch (t) {
    case ValType::I32: return Op::I32Store;
    case ValType::I64: return Op::I64Store;
    case ValType::F32: return Op::F32Store;
    case ValType::F64: return Op::F64Store;
    default: return Op::Nop;
  }
}

// Whether `e` is the value produced by the candidate `p`, emitted just before `position`.
template <class P>
inline bool produced_by(const Operand& e, const P& p, size_t position) {
  return e.kind == Operand::Kind::Temp && p.start != kNone && p.end == position && e.home == p.home;
}

inline uint32_t cell_of(const Operand& e) { return e.kind == Operand::Kind::Local ? e.local : e.home; }

// The address operand of a full-width store of the temp just computed, if the store can fuse.
inline bool store_of_temp(const std::vector<Operand>& stack, uint32_t& addr) {
  const Operand& v = stack.back();
  const Operand& a = stack[stack.size() - 2];
  if (v.kind != Operand::Kind::Temp || a.kind == Operand::Kind::Const) return false;
  addr = cell_of(a);
  return true;
}

}  // namespace fusion_detail

using fusion_detail::cell_of;
using fusion_detail::chain_kind;
using fusion_detail::full_store;
using fusion_detail::is_float_mul;
using fusion_detail::is_full_width_load;
using fusion_detail::produced_by;
using fusion_detail::shift_kind;
using fusion_detail::store_of_temp;

// ---- joins: two instructions of the same kind in one dispatch ----

// Two one-cell copies in a row (no label between): copy_pair.
inline bool FunctionTranslator::join_copy_pair(uint32_t dst, uint32_t src) {
  if (pending_.copy.start == kNone || pending_.copy.end != builder_.position()) return false;
  const size_t prev = pending_.copy.start;
  const uint32_t d1 = builder_.get(prev, op::Copy::dst), s1 = builder_.get(prev, op::Copy::src);
  truncate(prev);
  emit<op::CopyPair>(h_.copy_pair, {.dst1 = d1, .src1 = s1, .dst2 = dst, .src2 = src});
  return true;
}

// Two i32.adds of cells in a row: add_pair. Its field 0 is the second add's result, so that
// one can still be retargeted.
inline bool FunctionTranslator::join_add_pair(uint32_t dst, uint32_t a, uint32_t b) {
  if (pending_.reg_add.start == kNone || pending_.reg_add.end != builder_.position()) return false;
  const size_t prev = pending_.reg_add.start;
  const uint32_t d1 = builder_.get(prev, op::Binary::dst), a1 = builder_.get(prev, op::Binary::a),
                 b1 = builder_.get(prev, op::Binary::b);
  truncate(prev);
  note_result(emit<op::AddPair>(h_.add_pair, {.dst2 = dst, .a2 = a, .b2 = b, .dst1 = d1, .a1 = a1, .b1 = b1}));
  return true;
}

// ---- conditions ----

// A comparison (or eqz) just emitted, consumed by a br_if or if: the branch evaluates it.
inline bool FunctionTranslator::fuse_compare_into_branch(const Operand& e, Condition& c) {
  if (!produced_by(e, pending_.compare, builder_.position())) return false;
  c.fused = true;
  c.compare = pending_.compare;
  truncate(pending_.compare.start);
  return true;
}

// A counter just incremented by an immediate and tested for non-zero: compared with 0, so the
// add fuses too (emit_add_branch).
inline bool FunctionTranslator::fuse_counter_test(const Operand& e, Condition& c) {
  const PendingAdd& add = pending_.add;
  if (e.kind == Operand::Kind::Const || add.start == kNone || !add.imm || add.end != builder_.position()) return false;
  const uint32_t value = cell_of(e);
  if (builder_.get(add.start, op::result) != value) return false;
  c.fused = true;
  c.compare = PendingCompare{};
  c.compare.op = Op::I32Ne;
  c.compare.imm = true;
  c.compare.lhs = value;
  c.compare.imm_bits = 0;
  c.compare.add_start = add.start;
  c.compare.add_end = add.end;
  c.compare.add_src = add.lhs;
  c.compare.add_imm = add.rhs;
  return true;
}

// Records in the compare candidate that the add-immediate `before`, which ended where the
// compare starts, computed the compare's left operand `lhs` (its result may have been
// retargeted to a local).
inline void FunctionTranslator::note_preceding_add(const PendingAdd& before, uint32_t lhs) {
  PendingCompare& compare = pending_.compare;
  if (before.start == kNone || !before.imm || before.end != compare.start || builder_.get(before.start, op::result) != lhs)
    return;
  compare.add_start = before.start;
  compare.add_end = before.end;
  compare.add_src = before.lhs;
  compare.add_imm = before.rhs;
}

// Loop counters: the add-immediate, the i32 comparison of its result and the branch in one.
inline bool FunctionTranslator::emit_add_branch(const Condition& c, bool negate, bool check, size_t& emitted) {
  const OpHandlers& oh = op_handlers(c.compare.op);
  if (c.compare.add_start == kNone || c.compare.add_end != builder_.position() || !oh.add_branch[0][0][0]) return false;
  truncate(c.compare.add_start);
  emitted = emit<op::AddBranch>(oh.add_branch[c.compare.imm][negate][check],
                                {.dst = c.compare.lhs,
                                 .src = c.compare.add_src,
                                 .inc = c.compare.add_imm,
                                 .rhs = c.compare.imm ? static_cast<uint32_t>(c.compare.imm_bits) : c.compare.rhs});
  return true;
}

// The comparison and the branch in one.
inline size_t FunctionTranslator::emit_compare_branch(const Condition& c, bool negate, bool check) {
  const OpHandlers& oh = op_handlers(c.compare.op);
  if (c.compare.unary) return emit<op::TestBranch>(oh.branch_reg[negate][check], {.a = c.compare.lhs});
  if (c.compare.imm && c.compare.imm64)
    return emit<op::CompareBranchImm64>(oh.branch_imm[negate][check], {.a = c.compare.lhs, .imm = c.compare.imm_bits});
  if (c.compare.imm)
    return emit<op::CompareBranchImm32>(oh.branch_imm[negate][check],
                                        {.a = c.compare.lhs, .imm = static_cast<uint32_t>(c.compare.imm_bits)});
  return emit<op::CompareBranch>(oh.branch_reg[negate][check], {.a = c.compare.lhs, .b = c.compare.rhs});
}

// ---- addresses ----

// A scalar load whose address is the i32.add just emitted: memory_add computes the sum.
inline bool FunctionTranslator::fuse_add_into_load(const Instr& in, const OpHandlers& oh, ValType result, uint32_t offset) {
  if (!oh.memory_add[0][0] || !produced_by(stack_.back(), pending_.add, builder_.position())) return false;
  const PendingAdd add = pending_.add;
  pop();
  truncate(add.start);
  const uint32_t dst = push_temp(result).home;
  const size_t i = emit<op::LoadAdd>(oh.memory_add[explicit_bounds_][add.imm],
                                     {.dst = dst, .a = add.lhs, .b = add.rhs, .offset = offset});
  note_result(i);
  if (add.imm && is_full_width_load(in.op))
    pending_.load_add = {i, builder_.position(), add.lhs, add.rhs, offset, dst, wasm_offset_};
  return true;
}

// A scalar store whose address is the i32.add just emitted and whose value is a local, or any
// i32 store of a constant (store_add_const; a plain address becomes address + 0).
inline bool FunctionTranslator::fuse_add_into_store(const OpHandlers& oh, uint32_t offset) {
  if (!oh.memory_add[0][0]) return false;
  const Operand& v = stack_.back();
  const bool const_value = v.kind == Operand::Kind::Const && v.type == ValType::I32 && oh.store_add_const[0][0];
  const bool fuse = produced_by(stack_[stack_.size() - 2], pending_.add, builder_.position());
  if (!const_value && !(fuse && v.kind == Operand::Kind::Local)) return false;
  const PendingAdd add = pending_.add;
  const Operand value = pop();
  Operand a = pop();
  uint32_t lhs, rhs;
  bool imm;
  if (fuse) {
    truncate(add.start);
    lhs = add.lhs, rhs = add.rhs, imm = add.imm;
  } else {
    lhs = cell(a), rhs = 0, imm = true;
  }
  if (const_value)
    emit<op::StoreAddConst>(oh.store_add_const[explicit_bounds_][imm],
                            {.a = lhs, .b = rhs, .value = static_cast<uint32_t>(const_cell_bits(value, 0)), .offset = offset});
  else
    emit<op::StoreAdd>(oh.memory_add[explicit_bounds_][imm], {.a = lhs, .b = rhs, .value = value.local, .offset = offset});
  return true;
}

// ---- stores of a result just computed ----


// A with_load op stored back to the address it loaded from: rmw (or rmw_mul).
inline bool FunctionTranslator::fuse_rmw(Op store, uint32_t offset) {
  uint32_t addr;
  if (!store_of_temp(stack_, addr)) return false;
  const PendingWithLoad& w = pending_.with_load;
  if (!produced_by(stack_.back(), w, builder_.position()) || w.store != store || w.addr != addr || w.offset != offset)
    return false;
  const PendingWithLoad fused = w;
  pop();
  pop();
  if (fuse_rmw_mul(fused, addr, offset)) return true;
  truncate(fused.start);
  // The load traps first, and the store cannot after it.
  emit_at<op::Rmw>(fused.wasm_offset, fused.handlers->rmw[explicit_bounds_][fused.lhs_loaded],
                   {.addr = addr, .other = fused.other, .offset = offset});
  return true;
}

// op([addr], x * [b]) where the rmw's other operand is a loaded mul emitted right before its
// load: the mul, the load it feeds and the store in one dispatch (dot products, matmul, axpy).
inline bool FunctionTranslator::fuse_rmw_mul(const PendingWithLoad& w, uint32_t addr, uint32_t offset) {
  if (w.inner.start == kNone || w.inner.end != w.start || !w.handlers->rmw_mul[0][0][0][0]) return false;
  const PendingMulLoad m = w.inner;
  truncate(m.start);
  // The inner load traps first.
  const size_t i = emit_at<op::RmwMul>(
      m.wasm_offset, w.handlers->rmw_mul[explicit_bounds_][w.lhs_loaded][m.lhs_loaded][m.imm != 0],
      {.addr = addr, .x = m.x, .b = m.a, .b_imm = m.imm, .offset = offset, .b_offset = m.offset});
  // The outer load's checks report ip + 1.
  pc_map_.push_back({static_cast<uint32_t>(i + 1 - start_), w.wasm_offset});
  return true;
}

// A binary op of the with_load list whose result a full-width store of its type stores: op_store.
inline bool FunctionTranslator::fuse_op_store(Op store, uint32_t offset) {
  uint32_t addr;
  if (!store_of_temp(stack_, addr)) return false;
  const PendingBinary& b = pending_.binary;
  if (!produced_by(stack_.back(), b, builder_.position()) || b.store != store) return false;
  const PendingBinary fused = b;
  pop();
  pop();
  truncate(fused.start);
  emit<op::OpStore>(fused.handlers->op_store[explicit_bounds_],  // only the store part can trap
                    {.addr = addr, .a = fused.a, .b = fused.b, .offset = offset});
  return true;
}

// ---- operands computed just before ----

// A binary op with an operand loaded by the full-width load just emitted: with_load.
inline bool FunctionTranslator::fuse_with_load(const Instr& in, const OpHandlers& oh, ValType result) {
  const Operand& lhs = stack_[stack_.size() - 2];
  const Operand& rhs = stack_.back();
  const size_t here = builder_.position();
  const bool rhs_loaded = produced_by(rhs, pending_.load, here) && lhs.kind != Operand::Kind::Const;
  const bool lhs_loaded = !rhs_loaded && produced_by(lhs, pending_.load, here) && rhs.kind == Operand::Kind::Local;
  if (!rhs_loaded && !lhs_loaded) return false;
  const PendingLoad load = pending_.load;
  const Operand other = rhs_loaded ? lhs : rhs;
  // `other` is the result of a loaded mul emitted right before this load.
  PendingMulLoad inner;
  const PendingMulLoad& mul = pending_.mul_load;
  if (mul.start != kNone && mul.end == load.start && mul.type == result && other.kind == Operand::Kind::Temp &&
      other.home == mul.home)
    inner = mul;
  const uint32_t other_cell = cell_of(other);
  pop();
  pop();
  truncate(load.start);
  const uint32_t dst = push_temp(result).home;
  const size_t i = emit_at<op::WithLoad>(load.wasm_offset, oh.with_load[explicit_bounds_][lhs_loaded],
                                         {.dst = dst, .other = other_cell, .addr = load.addr, .offset = load.offset});
  note_result(i);
  pending_.with_load = {i,         builder_.position(), full_store(result), &oh, lhs_loaded, other_cell, load.addr,
                        load.offset, dst,              load.wasm_offset,   inner};
  if (is_float_mul(in.op))
    pending_.mul_load = {i,         builder_.position(), lhs_loaded, result, other_cell, load.addr, 0, load.offset, dst,
                         load.wasm_offset};
  return true;
}

// A binary op with an operand loaded from a fused address just emitted: with_load_add.
inline bool FunctionTranslator::fuse_with_load_add(const Instr& in, const OpHandlers& oh, ValType result) {
  const Operand& lhs = stack_[stack_.size() - 2];
  const Operand& rhs = stack_.back();
  const size_t here = builder_.position();
  const bool rhs_loaded = produced_by(rhs, pending_.load_add, here) && lhs.kind != Operand::Kind::Const;
  const bool lhs_loaded = !rhs_loaded && produced_by(lhs, pending_.load_add, here) && rhs.kind == Operand::Kind::Local;
  if (!rhs_loaded && !lhs_loaded) return false;
  const PendingLoadAdd load = pending_.load_add;
  const Operand other = rhs_loaded ? lhs : rhs;
  const uint32_t other_cell = cell_of(other);
  pop();
  pop();
  truncate(load.start);
  const uint32_t dst = push_temp(result).home;
  const size_t i =
      emit_at<op::WithLoadAdd>(load.wasm_offset, oh.with_load_add[explicit_bounds_][lhs_loaded],
                               {.dst = dst, .other = other_cell, .a = load.a, .imm = load.imm, .offset = load.offset});
  note_result(i);
  if (is_float_mul(in.op))
    pending_.mul_load = {i, builder_.position(), lhs_loaded, result, other_cell, load.a, load.imm, load.offset, dst,
                         load.wasm_offset};
  return true;
}

// i32 add/and/or/xor of the constant shift or rotate just emitted: with_shift.
inline bool FunctionTranslator::fuse_with_shift(const OpHandlers& oh, ValType result) {
  if (!oh.with_shift[0]) return false;  // commutative ops only
  const Operand& lhs = stack_[stack_.size() - 2];
  const Operand& rhs = stack_.back();
  const size_t here = builder_.position();
  const bool rhs_shifted = produced_by(rhs, pending_.shift, here) && lhs.kind != Operand::Kind::Const;
  const bool lhs_shifted = !rhs_shifted && produced_by(lhs, pending_.shift, here) && rhs.kind == Operand::Kind::Local;
  if (!rhs_shifted && !lhs_shifted) return false;
  const PendingShift shift = pending_.shift;
  const uint32_t other_cell = cell_of(rhs_shifted ? lhs : rhs);
  pop();
  pop();
  truncate(shift.start);
  const uint32_t dst = push_temp(result).home;
  note_result(emit<op::WithShift>(oh.with_shift[shift.kind],
                                  {.dst = dst, .a = other_cell, .b = shift.value, .k = shift.amount}));
  return true;
}

// op(x, inner(a, b)) when one operand is the result of the f32/f64 add/sub/mul just emitted: chain.
inline bool FunctionTranslator::fuse_chain(const OpHandlers& oh, ValType result) {
  const PendingBinary& inner = pending_.binary;
  if (!oh.chain[0][0] || inner.start == kNone || inner.end != builder_.position() || inner.chain < 0 ||
      inner.type != result)
    return false;
  const Operand& lhs = stack_[stack_.size() - 2];
  const Operand& rhs = stack_.back();
  const auto is_inner = [&](const Operand& e) { return e.kind == Operand::Kind::Temp && e.home == inner.home; };
  const bool inner_rhs = is_inner(rhs) && lhs.kind != Operand::Kind::Const;
  const bool inner_lhs = !inner_rhs && is_inner(lhs) && rhs.kind != Operand::Kind::Const;
  if (!inner_rhs && !inner_lhs) return false;
  const PendingBinary b = inner;
  const uint32_t x = cell_of(inner_rhs ? lhs : rhs);
  pop();
  pop();
  truncate(b.start);
  const uint32_t dst = push_temp(result).home;
  note_result(emit<op::Chain>(oh.chain[b.chain][inner_lhs], {.dst = dst, .x = x, .a = b.a, .b = b.b}));
  return true;
}

// ---- results ----

// local.set of the result just computed: the producer writes the local directly.
inline bool FunctionTranslator::retarget_into_local(const Operand& value, uint32_t target) {
  if (!is_last_result(value)) return false;
  builder_.set(pending_.result.start, op::result, target);
  return true;
}

// Before a return: a single result computed by the instruction just emitted is written
// straight into cell 0, where results go; the frame is left right after, so nothing else
// reads what cell 0 held.
inline void FunctionTranslator::retarget_single_result() {
  const std::span<const ValType> results = results_of(ctrl_.front());
  if (results.size() != 1 || results[0] == ValType::V128 || stack_.empty()) return;
  Operand& e = stack_.back();
  if (!is_last_result(e)) return;
  builder_.set(pending_.result.start, op::result, 0);
  e.kind = Operand::Kind::Local;  // now read from cell 0
  e.local = 0;
  pending_.result.start = kNone;
}

// ---- what the plain forms offer ----

// A binary op with an immediate right operand, just emitted as instruction `i`.
inline void FunctionTranslator::note_imm_op(Op op, const OpHandlers& oh, size_t i, uint32_t lhs, uint64_t imm, bool wide,
                                     uint32_t dst, const PendingAdd& before) {
  const size_t end = builder_.position();
  if (oh.branch_imm[0][0]) {
    pending_.compare = {i, end, op, false, true, wide, lhs, 0, dst, imm};
    note_preceding_add(before, lhs);
  }
  if (op == Op::I32Add) pending_.add = {i, end, true, lhs, static_cast<uint32_t>(imm), dst};
  if (const int k = shift_kind(op); k >= 0)
    pending_.shift = {i, end, static_cast<ShiftKind>(k), lhs, static_cast<uint32_t>(imm) & 31, dst};
}

// An op with operands in cells, just emitted as instruction `i`.
inline void FunctionTranslator::note_reg_op(Op op, const OpHandlers& oh, size_t i, size_t arity, const uint32_t* cells,
                                     uint32_t dst, ValType result, const PendingAdd& before) {
  const size_t end = builder_.position();
  if (oh.branch_reg[0][0]) {
    pending_.compare = {i, end, op, arity == 1, false, false, cells[0], cells[1], dst, 0};
    if (arity == 2) note_preceding_add(before, cells[0]);
  }
  if (op == Op::I32Add) {
    pending_.add = {i, end, false, cells[0], cells[1], dst};
    pending_.reg_add = {i, end};
  }
  if (arity == 2 && oh.op_store[0])
    pending_.binary = {i, end, full_store(result), &oh, cells[0], cells[1], dst, chain_kind(op), result};
}

// A scalar load just emitted as instruction `i`.
inline void FunctionTranslator::note_load(Op op, size_t i, uint32_t addr, uint32_t offset, uint32_t dst) {
  if (is_full_width_load(op)) pending_.load = {i, builder_.position(), addr, offset, dst, wasm_offset_};
}

}  // namespace stratus::exec::translator
