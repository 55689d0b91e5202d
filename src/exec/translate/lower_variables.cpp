// Locals, globals, tables, references and bulk memory.
#include "exec/translate/translator.hpp"

namespace stratus::exec::translator {

void FunctionTranslator::on_local_set(uint32_t index, bool tee) {
  const uint32_t target = local_cells_[index];
  // Pending reads of the local must see the old value.
  for (size_t k = 0; k + 1 < stack_.size(); ++k)
    if (stack_[k].kind == Operand::Kind::Local && stack_[k].local == target) materialize(stack_[k]);
  Operand value = pop();
  if (retarget_into_local(value, target)) {
  } else if (value.kind == Operand::Kind::Const) {
    emit_const(target, value);
  } else {
    emit_copy(target, value.kind == Operand::Kind::Local ? value.local : value.home, value.type);
  }
  pending_.result.start = kNone;
  if (tee) push_local(index);
}

// The instructions translate_instr sends here.
bool FunctionTranslator::on_variable_or_table(const Instr& in) {
  switch (in.op) {
    case Op::GlobalGet: {
      const ValType t = module_.global_types[in.index].type;
      const uint32_t dst = push_temp(t).home;
      const auto handler = t == ValType::V128                       ? h_.global_get2
                           : global_in_slot(module_, in.index) ? h_.global_get
                                                                   : h_.global_get_import;
      note_result(emit<op::GlobalGet>(handler, {.dst = dst, .global = in.index}));
      return true;
    }
    case Op::GlobalSet: {
      const ValType t = module_.global_types[in.index].type;
      auto [v] = pop_cells<1>();
      const auto handler = t == ValType::V128                       ? h_.global_set2
                           : global_in_slot(module_, in.index) ? h_.global_set
                                                                   : h_.global_set_import;
      emit<op::GlobalSet>(handler, {.src = v, .global = in.index});
      return true;
    }
    case Op::TableGet: {
      auto [index] = pop_cells<1>();
      const uint32_t dst = push_temp(module_.tables[in.index].elem).home;
      note_result(emit<op::TableGet>(h_.table_get, {.dst = dst, .index = index, .table = in.index}));
      return true;
    }
    case Op::TableSet: {
      auto [index, value] = pop_cells<2>();
      emit<op::TableSet>(h_.table_set, {.index = index, .value = value, .table = in.index});
      return true;
    }
    case Op::MemorySize: {
      const uint32_t dst = push_temp(ValType::I32).home;
      note_result(emit<op::MemorySize>(h_.memory_size, {.dst = dst}));
      return true;
    }
    case Op::MemoryGrow: {
      auto [delta] = pop_cells<1>();
      const uint32_t dst = push_temp(ValType::I32).home;
      note_result(emit<op::MemoryGrow>(h_.memory_grow, {.dst = dst, .delta = delta}));
      return true;
    }
    case Op::RefIsNull: {
      auto [a] = pop_cells<1>();
      const uint32_t dst = push_temp(ValType::I32).home;
      note_result(emit<op::RefIsNull>(h_.ref_is_null, {.dst = dst, .a = a}));
      return true;
    }
    case Op::RefFunc: {
      const uint32_t dst = push_temp(ValType::FuncRef).home;
      note_result(emit<op::RefFunc>(h_.ref_func, {.dst = dst, .func = in.index}));
      return true;
    }
    case Op::MemoryInit: {
      auto [d, s, n] = pop_cells<3>();
      emit<op::MemoryInit>(h_.memory_init, {.dst = d, .src = s, .len = n, .data = in.index});
      return true;
    }
    case Op::DataDrop: emit<op::DataDrop>(h_.data_drop, {.data = in.index}); return true;
    case Op::MemoryCopy: {
      auto [d, s, n] = pop_cells<3>();
      emit<op::MemoryCopy>(h_.memory_copy, {.dst = d, .src = s, .len = n});
      return true;
    }
    case Op::MemoryFill: {
      auto [d, v, n] = pop_cells<3>();
      emit<op::MemoryFill>(h_.memory_fill, {.dst = d, .value = v, .len = n});
      return true;
    }
    case Op::TableInit: {
      auto [d, s, n] = pop_cells<3>();
      emit<op::TableInit>(h_.table_init, {.dst = d, .src = s, .len = n, .table = in.index2, .elem = in.index});
      return true;
    }
    case Op::ElemDrop: emit<op::ElemDrop>(h_.elem_drop, {.elem = in.index}); return true;
    case Op::TableCopy: {
      auto [d, s, n] = pop_cells<3>();
      emit<op::TableCopy>(h_.table_copy, {.dst = d, .src = s, .len = n, .dst_table = in.index, .src_table = in.index2});
      return true;
    }
    case Op::TableGrow: {
      auto [init, delta] = pop_cells<2>();
      const uint32_t dst = push_temp(ValType::I32).home;
      note_result(emit<op::TableGrow>(h_.table_grow, {.dst = dst, .init = init, .delta = delta, .table = in.index}));
      return true;
    }
    case Op::TableSize: {
      const uint32_t dst = push_temp(ValType::I32).home;
      note_result(emit<op::TableSize>(h_.table_size, {.dst = dst, .table = in.index}));
      return true;
    }
    case Op::TableFill: {
      auto [start, value, n] = pop_cells<3>();
      emit<op::TableFill>(h_.table_fill, {.start = start, .value = value, .len = n, .table = in.index});
      return true;
    }
    default: return unsupported(binary::op_info(in.op));
  }
}

}  // namespace stratus::exec::translator
