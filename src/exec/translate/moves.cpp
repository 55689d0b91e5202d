// Copies, constants, and the parallel moves that deliver branch values to a label's cells.
#include "exec/translate/translator.hpp"

namespace stratus::exec::translator {

void FunctionTranslator::emit_copy(uint32_t dst, uint32_t src, ValType t) {
  if (dst == src) return;
  if (t != ValType::V128 && join_copy_pair(dst, src)) return;
  const size_t i = emit<op::Copy>(t == ValType::V128 ? h_.copy2 : h_.copy, {.dst = dst, .src = src});
  if (t != ValType::V128) pending_.copy = {i, builder_.position()};
}

void FunctionTranslator::emit_const_cell(uint32_t dst, uint64_t bits) {
  if (bits <= UINT32_MAX) emit<op::Const32>(h_.const32, {.dst = dst, .imm = static_cast<uint32_t>(bits)});
  else emit<op::Const64>(h_.const64, {.dst = dst, .imm = bits});
}

void FunctionTranslator::emit_const(uint32_t dst, const Operand& e) {
  if (e.type == ValType::V128)
    emit<op::Const128>(h_.const128, {.dst = dst, .lo = const_cell_bits(e, 0), .hi = const_cell_bits(e, 1)});
  else emit_const_cell(dst, const_cell_bits(e, 0));
}

void FunctionTranslator::add_moves(std::vector<Move>& moves, const Operand& e, uint32_t dst) {
  for (uint32_t k = 0; k < cell_count(e.type); ++k) {
    if (e.kind == Operand::Kind::Const) moves.push_back({dst + k, true, 0, const_cell_bits(e, k)});
    else moves.push_back({dst + k, false, (e.kind == Operand::Kind::Local ? e.local : e.home) + k, 0});
  }
}

// The moves that deliver the top `types.size()` entries to cells starting at `dst`.
std::vector<Move> FunctionTranslator::moves_for(std::span<const ValType> types, uint32_t dst) {
  std::vector<Move> moves;
  const size_t n = types.size();
  for (size_t k = 0; k < n; ++k) {
    const Operand& e = stack_[stack_.size() - n + k];
    add_moves(moves, e, dst);
    dst += cell_count(e.type);
  }
  std::erase_if(moves, [](const Move& m) { return !m.is_const && m.src == m.dst; });
  return moves;
}

// Emits the moves as one parallel assignment: nothing is overwritten before it is read.
void FunctionTranslator::emit_moves(std::vector<Move> moves) {
  uint32_t scratch = top_end();
  for (const Move& m : moves) scratch = std::max(scratch, m.dst + 1);
  for (;;) {
    bool any = false, progressed = false;
    for (size_t i = 0; i < moves.size(); ++i) {
      if (moves[i].is_const) continue;
      any = true;
      const bool blocked = std::any_of(moves.begin(), moves.end(), [&](const Move& o) {
        return &o != &moves[i] && !o.is_const && o.src == moves[i].dst;
      });
      if (blocked) continue;
      emit_copy(moves[i].dst, moves[i].src, ValType::I64);
      moves.erase(moves.begin() + static_cast<ptrdiff_t>(i));
      progressed = true;
      break;
    }
    if (!any) break;
    if (!progressed) {  // a cycle: park one source in the scratch cell
      for (const Move& m : moves)
        if (!m.is_const) {
          emit_copy(scratch, m.src, ValType::I64);
          const uint32_t src = m.src;
          for (Move& o : moves)
            if (!o.is_const && o.src == src) o.src = scratch;
          break;
        }
      reserve_cells(scratch + 1);
    }
  }
  for (const Move& m : moves) emit_const_cell(m.dst, m.bits);
}

}  // namespace stratus::exec::translator
