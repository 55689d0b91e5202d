// Loads and stores: the fused address and stored-result forms first (fusion_rules.hpp), then the
// plain access at a cell plus offset.
#include "exec/translate/translator.hpp"

namespace stratus::exec::translator {

bool FunctionTranslator::on_memory(const Instr& in, const binary::OpInfo& info, const OpHandlers& oh,
                                   const FixedSig& sig) {
  const Handler h = oh.memory[explicit_bounds_];
  if (!h) return unsupported(info);
  const uint32_t offset = static_cast<uint32_t>(in.mem.offset);
  const bool is_load = sig.has_result;
  if (info.imm == Imm::MemArg) {
    if (is_load && fuse_add_into_load(in, oh, sig.result, offset)) return true;  // scalar loads only have fused forms
    if (!is_load && (fuse_rmw(in.op, offset) || fuse_op_store(in.op, offset) || fuse_add_into_store(oh, offset)))
      return true;
    if (is_load) {
      Operand a = pop();
      const uint32_t addr = cell(a);
      const uint32_t dst = push_temp(sig.result).home;
      const size_t i = emit<op::Load>(h, {.dst = dst, .addr = addr, .offset = offset});
      note_result(i);
      note_load(in.op, i, addr, offset, dst);
    } else {
      Operand v = pop();
      Operand a = pop();
      const uint32_t value = cell(v), addr = cell(a);
      emit<op::Store>(h, {.addr = addr, .value = value, .offset = offset});
    }
    return true;
  }
  Operand v = pop();
  Operand a = pop();
  const uint32_t vec = cell(v), addr = cell(a);
  if (is_load) {
    const uint32_t dst = push_temp(ValType::V128).home;
    note_result(emit<op::LoadLane>(h, {.dst = dst, .addr = addr, .offset = offset, .vec = vec, .lane = in.lane}));
  } else {
    emit<op::StoreLane>(h, {.addr = addr, .vec = vec, .offset = offset, .lane = in.lane});
  }
  return true;
}

}  // namespace stratus::exec::translator
