// Blocks, loops, ifs and branches: control frames, label cells and branch fixups.
#include "exec/translate/translator.hpp"

namespace stratus::exec::translator {

void FunctionTranslator::link(size_t instr, unsigned word, Control& target) {
  if (target.kind == Control::Kind::Loop) {
    builder_.set_branch(instr, word, target.loop_start_or_else);
    return;
  }
  fixups_.push_back({static_cast<uint32_t>(instr), word, target.fixups});
  target.fixups = static_cast<uint32_t>(fixups_.size() - 1);
}

// An unconditional transfer to `target`; values must already be in place.
void FunctionTranslator::emit_jump(Control& target) {
  if (target.kind == Control::Kind::Function) {
    emit<op::NoOperands>(h_.ret, {});
    return;
  }
  const size_t i = emit<op::Jump>(h_.jump[target.kind == Control::Kind::Loop], {});
  link(i, op::Jump::off.word, target);
}

void FunctionTranslator::set_unreachable() {
  Control& c = ctrl_.back();
  c.unreachable = true;
  // An if's then arm keeps its parameters for the else arm (on_if), which starts without copies.
  const bool keeps_params = c.kind == Control::Kind::If && !c.seen_else;
  stack_.resize(c.stack_size + (keeps_params ? params_of(c).size() : 0));
}

Condition FunctionTranslator::pop_condition() {
  Operand e = pop();
  Condition c;
  if (fuse_compare_into_branch(e, c) || fuse_counter_test(e, c)) return c;
  c.cell = cell(e);
  return c;
}

// A conditional jump taken when the condition is `when`, its offset in field
// op::kConditionalBranchWord.
size_t FunctionTranslator::emit_conditional(const Condition& c, bool when, bool check) {
  if (!c.fused) return emit<op::JumpCond>(when ? h_.jump_if[check] : h_.jump_unless[check], {.cond = c.cell});
  size_t i;
  if (emit_add_branch(c, !when, check, i)) return i;
  return emit_compare_branch(c, !when, check);
}

std::pair<std::span<const ValType>, std::span<const ValType>> FunctionTranslator::block_signature(
    const binary::BlockType& bt) const {
  switch (bt.kind) {
    case binary::BlockType::Kind::Empty: return {};
    case binary::BlockType::Kind::Value: return {{}, {&kValTypes[static_cast<uint8_t>(bt.value)], 1}};
    case binary::BlockType::Kind::TypeIndex: {
      const FuncType& t = module_.types[bt.type_index];
      return {t.params, t.results};
    }
  }
  return {};
}

Control& FunctionTranslator::open(Control::Kind kind, const binary::BlockType& bt) {
  const std::span<const ValType> params = block_signature(bt).first;
  Control c;
  c.kind = kind;
  c.set_block(bt);
  c.stack_size = static_cast<uint32_t>(stack_.size() - params.size());
  c.base_cell = params.empty() ? top_end() : stack_[c.stack_size].home;
  c.label_cell = c.base_cell;
  ctrl_.push_back(c);
  return ctrl_.back();
}

void FunctionTranslator::on_block(const Instr& in) {
  materialize_all();
  at_label();
  open(Control::Kind::Block, in.block);
}

void FunctionTranslator::on_loop(const Instr& in) {
  materialize_all();
  at_label();
  Control& c = open(Control::Kind::Loop, in.block);
  c.loop_start_or_else = static_cast<uint32_t>(builder_.position());
}

void FunctionTranslator::on_if(const Instr& in) {
  // A constant condition that holds needs no branch: the then arm always runs, and jumps over
  // the else arm at its end.
  const bool always = stack_.back().kind == Operand::Kind::Const && stack_.back().bits != 0;
  uint32_t branch = Control::kNoPosition;
  if (always) {
    pop();
    materialize_all();
  } else {
    const Condition cond = pop_condition();
    materialize_all();
    branch = static_cast<uint32_t>(emit_conditional(cond, false, false));
  }
  Control& c = open(Control::Kind::If, in.block);
  c.loop_start_or_else = branch;
  if (const size_t n = params_of(c).size(); n != 0) {
    // The else arm needs the parameters too: the then arm works on copies above them, and
    // set_unreachable keeps the originals.
    for (size_t k = 0; k < n; ++k) {
      const Operand original = stack_[c.stack_size + k];
      Operand& copy = push_temp(original.type);
      emit_copy(copy.home, original.home, original.type);
    }
    ctrl_.back().label_cell = stack_[c.stack_size + n].home;
  }
  at_label();
}

void FunctionTranslator::on_else() {
  Control& c = ctrl_.back();
  if (!c.unreachable) {
    emit_moves(moves_for(results_of(c), c.label_cell));
    const size_t i = emit<op::Jump>(h_.jump[0], {});
    link(i, op::Jump::off.word, c);
  }
  if (c.loop_start_or_else != Control::kNoPosition)
    builder_.set_branch(c.loop_start_or_else, op::kConditionalBranchWord, builder_.position());
  c.loop_start_or_else = Control::kNoPosition;
  c.seen_else = true;
  c.unreachable = false;
  stack_.resize(c.stack_size + params_of(c).size());
  at_label();
}

void FunctionTranslator::on_end() {
  if (ctrl_.back().kind == Control::Kind::If && !ctrl_.back().seen_else && !params_of(ctrl_.back()).empty())
    on_else();  // the implicit else passes the parameters through
  Control& c = ctrl_.back();
  if (c.kind == Control::Kind::Function) {
    if (!c.unreachable) {
      retarget_single_result();
      emit_moves(moves_for(results_of(c), 0));
      emit<op::NoOperands>(h_.ret, {});
    }
    ctrl_.pop_back();
    return;
  }
  const uint32_t result_cell = c.kind == Control::Kind::Loop ? c.base_cell : c.label_cell;
  if (!c.unreachable) emit_moves(moves_for(results_of(c), result_cell));
  const size_t here = builder_.position();
  for (uint32_t f = c.fixups; f != kNoFixup; f = fixups_[f].next) builder_.set_branch(fixups_[f].instr, fixups_[f].word, here);
  if (c.kind == Control::Kind::If && c.loop_start_or_else != Control::kNoPosition)
    builder_.set_branch(c.loop_start_or_else, op::kConditionalBranchWord, here);
  const Control done = ctrl_.back();
  ctrl_.pop_back();
  stack_.resize(done.stack_size);
  at_label();
  const std::span<const ValType> results = results_of(done);
  for (ValType t : results) push_temp(t);
  if (result_cell != done.base_cell) {
    std::vector<Move> moves;
    uint32_t src = result_cell;
    for (size_t k = 0; k < results.size(); ++k) {
      const Operand& e = stack_[done.stack_size + k];
      for (uint32_t j = 0; j < cell_count(e.type); ++j) moves.push_back({e.home + j, false, src++, 0});
    }
    emit_moves(std::move(moves));
  }
}

void FunctionTranslator::on_br(uint32_t depth) {
  Control& target = label(depth);
  emit_moves(moves_for(label_types(target), target.kind == Control::Kind::Function ? 0 : target.label_cell));
  emit_jump(target);
  set_unreachable();
}

void FunctionTranslator::on_br_if(uint32_t depth) {
  const Condition cond = pop_condition();
  Control& target = label(depth);
  const bool is_function = target.kind == Control::Kind::Function;
  std::vector<Move> moves = moves_for(label_types(target), is_function ? 0 : target.label_cell);
  if (moves.empty() && !is_function) {
    const size_t i = emit_conditional(cond, true, target.kind == Control::Kind::Loop);
    link(i, op::kConditionalBranchWord, target);
    return;
  }
  const size_t skip = emit_conditional(cond, false, false);
  emit_moves(std::move(moves));
  emit_jump(target);
  builder_.set_branch(skip, op::kConditionalBranchWord, builder_.position());
  at_label();
}

void FunctionTranslator::on_br_table(const Instr& in) {
  Operand index_entry = pop();
  const uint32_t index = cell(index_entry);
  const uint32_t count = static_cast<uint32_t>(in.br_targets.size());
  std::vector<uint32_t> depths(in.br_targets.begin(), in.br_targets.end());
  depths.push_back(in.br_default);
  bool any_loop = false;
  for (uint32_t d : depths) any_loop |= label(d).kind == Control::Kind::Loop;
  // The layout's fixed fields, then one Branch field per target, the default last.
  const unsigned first_target = op::BrTable::fields;
  const size_t instr = emit(h_.br_table[any_loop], op::slots_for_fields(first_target + count + 1));
  op::write_fields(builder_.at(instr), {.index = index, .count = count});
  std::vector<std::pair<unsigned, uint32_t>> stubs;
  for (unsigned k = 0; k <= count; ++k) {
    Control& target = label(depths[k]);
    const bool is_function = target.kind == Control::Kind::Function;
    if (!is_function && moves_for(label_types(target), target.label_cell).empty()) link(instr, first_target + k, target);
    else stubs.push_back({first_target + k, depths[k]});
  }
  for (auto [word, depth] : stubs) {
    Control& target = label(depth);
    builder_.set_branch(instr, word, builder_.position());
    emit_moves(moves_for(label_types(target), target.kind == Control::Kind::Function ? 0 : target.label_cell));
    emit_jump(target);
  }
  set_unreachable();
}

void FunctionTranslator::on_return() {
  retarget_single_result();
  emit_moves(moves_for(results_of(ctrl_.front()), 0));
  emit<op::NoOperands>(h_.ret, {});
  set_unreachable();
}

}  // namespace stratus::exec::translator
