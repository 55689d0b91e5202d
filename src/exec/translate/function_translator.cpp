// The walk over one function body: set-up, the dispatch per instruction, and calls. The rest
// of the translator is described in translator.hpp.
#include "exec/translate/function_translator.hpp"

#include <cstring>
#include <string>

#include "binary/limits.hpp"
#include "binary/local_decls.hpp"
#include "exec/translate/translator.hpp"
#include "exec/translate/valid_reader.hpp"

namespace stratus::exec {

void TranslatorScratchDeleter::operator()(TranslatorScratch* s) const { delete s; }

namespace translator {

FunctionTranslator::FunctionTranslator(ModuleTranslation& m, uint32_t defined_index, CompiledFunc& out)
    : module_(m.module),
      code_(m.code),
      explicit_bounds_(m.options.bounds_checks == BoundsChecks::Explicit),
      builder_(m.builder),
      func_(out),
      defined_index_(defined_index),
      h_(special_handlers()),
      types_(m.types),
      scratch_(*m.scratch),
      local_cells_(scratch_.local_cells),
      local_types_(scratch_.local_types),
      stack_(scratch_.stack),
      wide_consts_(scratch_.wide_consts),
      wide_scalars_(scratch_.wide_scalars),
      ctrl_(scratch_.ctrl),
      fixups_(scratch_.fixups),
      pc_map_(scratch_.pc_map) {
  local_cells_.clear();
  local_types_.clear();
  stack_.clear();
  wide_consts_.clear();
  wide_scalars_.clear();
  ctrl_.clear();
  fixups_.clear();
  pc_map_.clear();
}

bool FunctionTranslator::translate_instr(const Instr& in) {
  switch (in.op) {
    case Op::Unreachable:
      emit<op::NoOperands>(h_.unreachable, {});
      set_unreachable();
      return true;
    case Op::Nop: return true;
    case Op::Block: on_block(in); return true;
    case Op::Loop: on_loop(in); return true;
    case Op::If: on_if(in); return true;
    case Op::Else: on_else(); return true;
    case Op::End: on_end(); return true;
    case Op::Br: on_br(in.index); return true;
    case Op::BrIf: on_br_if(in.index); return true;
    case Op::BrTable: on_br_table(in); return true;
    case Op::Return: on_return(); return true;
    case Op::Call: on_call(in.index); return true;
    case Op::CallIndirect: on_call_indirect(in); return true;
    case Op::Drop: stack_.pop_back(); return true;
    case Op::Select:
    case Op::SelectT: {
      const ValType t = in.op == Op::SelectT ? in.type : stack_[stack_.size() - 3].type;
      auto [a, b, c] = pop_cells<3>();
      const uint32_t dst = push_temp(t).home;
      note_result(emit<op::Select>(t == ValType::V128 ? h_.select2 : h_.select, {.dst = dst, .a = a, .b = b, .cond = c}));
      return true;
    }
    case Op::LocalGet: push_local(in.index); return true;
    case Op::LocalSet: on_local_set(in.index, false); return true;
    case Op::LocalTee: on_local_set(in.index, true); return true;
    case Op::I32Const: push_const(ValType::I32, static_cast<uint32_t>(in.constant.i32())); return true;
    case Op::I64Const: push_const(ValType::I64, static_cast<uint64_t>(in.constant.i64())); return true;
    case Op::F32Const: push_const(ValType::F32, in.constant.f32_bits()); return true;
    case Op::F64Const: push_const(ValType::F64, in.constant.f64_bits()); return true;
    case Op::V128Const: {
      uint64_t halves[2];
      std::memcpy(halves, in.constant.v128().bytes, 16);
      push_const(ValType::V128, halves[0], halves[1]);
      return true;
    }
    case Op::RefNull: push_const(in.type, 0); return true;
    case Op::GlobalGet: case Op::GlobalSet: case Op::TableGet: case Op::TableSet: case Op::MemorySize:
    case Op::MemoryGrow: case Op::RefIsNull: case Op::RefFunc: case Op::MemoryInit: case Op::DataDrop:
    case Op::MemoryCopy: case Op::MemoryFill: case Op::TableInit: case Op::ElemDrop: case Op::TableCopy:
    case Op::TableGrow: case Op::TableSize: case Op::TableFill:
      return on_variable_or_table(in);
    default: return on_fixed(in);
  }
}

// ---- calls ----
uint32_t FunctionTranslator::prepare_args(size_t n) {
  const uint32_t base = n ? stack_[stack_.size() - n].home : top_end();
  for (size_t k = stack_.size() - n; k < stack_.size(); ++k) materialize(stack_[k]);
  stack_.resize(stack_.size() - n);
  return base;
}
void FunctionTranslator::on_call(uint32_t func_index) {
  const FuncType& type = module_.func_type(func_index);
  const uint32_t args = prepare_args(type.params.size());
  if (func_index < module_.num_imported_funcs) {
    emit<op::CallImport>(h_.call_import, {.args = args, .func = func_index});
  } else {
    emit<op::Call>(h_.call, {.args = args, .callee = &code_.funcs[func_index - module_.num_imported_funcs]});
  }
  for (ValType t : type.results) push_temp(t);
}
void FunctionTranslator::on_call_indirect(const Instr& in) {
  Operand index_entry = pop();
  const uint32_t index = cell(index_entry);
  const FuncType& type = module_.types[in.index];
  const uint32_t args = prepare_args(type.params.size());
  emit<op::CallIndirect>(h_.call_indirect[in.index2 == 0],
                         {.args = args, .elem = index, .table = in.index2, .type = types_[module_.types.id(in.index)]});
  for (ValType t : type.results) push_temp(t);
}

Result<void> FunctionTranslator::run() {
  const uint32_t func_index = module_.num_imported_funcs + defined_index_;
  const FuncType& type = module_.func_type(func_index);

  uint32_t cells = 0;
  for (ValType t : type.params) {
    local_types_.push_back(t);
    local_cells_.push_back(cells);
    cells += cell_count(t);
  }
  const uint32_t param_cells = cells;
  binary::LocalDecl d;
  for (binary::LocalDecls decls(module_, defined_index_); decls.next(d);)
    for (uint32_t k = 0; k < d.count; ++k) {
      local_types_.push_back(d.type);
      local_cells_.push_back(cells);
      cells += cell_count(d.type);
    }
  stack_base_ = cells;
  max_end_ = cells;
  uint32_t result_cells = 0;
  for (ValType t : type.results) result_cells += cell_count(t);

  start_ = builder_.position();
  Control fn;
  fn.kind = Control::Kind::Function;
  fn.base_cell = stack_base_;
  fn.label_cell = 0;
  fn.set_block({binary::BlockType::Kind::TypeIndex, ValType::I32, module_.func_types[func_index]});
  ctrl_.reserve(binary::control_depth_bound(module_.body(defined_index_).size()));
  ctrl_.push_back(fn);

  ValidReader reader(module_.body(defined_index_), module_.body_offset(defined_index_));
  Instr in;
  while (!ctrl_.empty()) {
    if (reader.at_end()) return Error(ErrorKind::Invalid, "function body ends before its final end");
    reader.read(in);
    wasm_offset_ = in.offset;
    if (ctrl_.back().unreachable) {
      switch (in.op) {
        case Op::Block:
        case Op::Loop:
        case Op::If: ++dead_depth_; continue;
        case Op::Else:
          if (dead_depth_ == 0) on_else();
          continue;
        case Op::End:
          if (dead_depth_ > 0) --dead_depth_;
          else on_end();
          continue;
        default: continue;
      }
    }
    // The most frequent instructions only touch the operand-stack model.
    if (in.op == Op::LocalGet) {
      push_local(in.index);
      continue;
    }
    if (in.op == Op::I32Const) {
      push_const(ValType::I32, static_cast<uint32_t>(in.constant.i32()));
      continue;
    }
    if (!translate_instr(in)) [[unlikely]]
      return Error(ErrorKind::Invalid, std::string("unsupported instruction ") + std::string(unsupported_->text));
  }

  func_.pc_map_size = static_cast<uint32_t>(pc_map_.size());
  func_.code_slots = static_cast<uint32_t>(builder_.position() - start_);
  func_.param_cells = param_cells;
  func_.local_cells = stack_base_ - param_cells;
  func_.result_cells = result_cells;
  // Never 0: a zero frame_cells marks a function not translated yet (exec/interp/code.hpp).
  func_.frame_cells = std::max({max_end_, result_cells, stack_base_, 1u});
  func_.func_index = func_index;
  func_.module_code = &code_;
  return {};
}

}  // namespace translator

Result<void> translate_function(ModuleTranslation& m, uint32_t defined_index, CompiledFunc& out) {
  if (!m.scratch) m.scratch.reset(new TranslatorScratch);
  translator::FunctionTranslator t(m, defined_index, out);
  auto translated = t.run();
  // Only the pc map is read from here on. A deeply nested body's control frames would
  // otherwise stay resident while the map is copied behind the code.
  TranslatorScratch& s = *m.scratch;
  std::vector<PcMapEntry> map = std::move(s.pc_map);
  s = TranslatorScratch();
  s.pc_map = std::move(map);
  return translated;
}

std::span<const PcMapEntry> translated_pc_map(const ModuleTranslation& m) {
  if (!m.scratch) return {};
  return m.scratch->pc_map;
}

}  // namespace stratus::exec
