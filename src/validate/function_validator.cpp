#include "validate/function_validator.hpp"

#include <algorithm>
#include <array>

#include "binary/limits.hpp"
#include "binary/local_decls.hpp"
#include "validate/messages.hpp"

namespace stratus::validate {

using binary::Imm;
using binary::Instr;
using binary::Op;

namespace {

// Expanding locals beyond this would let a tiny body force a huge allocation.
constexpr uint64_t kMaxFlatLocals = uint64_t{1} << 20;

// Backing storage for single-value block types, so a frame can point at its result type
// the same way it points into a FuncType for multi-value blocks.
constexpr std::array<ValType, 7> kSingleTypes = {
    ValType::I32, ValType::I64,     ValType::F32,      ValType::F64,
    ValType::V128, ValType::FuncRef, ValType::ExternRef,
};

const ValType* single_type(ValType t) {
  for (const ValType& candidate : kSingleTypes) {
    if (candidate == t) return &candidate;
  }
  return nullptr;
}

bool same_types(const ValType* a, uint32_t a_size, const ValType* b, uint32_t b_size) {
  return a_size == b_size && std::equal(a, a + a_size, b);
}

}  // namespace

// ---- errors -------------------------------------------------------------------------------

bool FunctionValidator::fail(std::string reason) {
  error_kind_ = ErrorKind::Invalid;
  error_offset_ = instr_.offset;
  error_ = std::move(reason);
  return false;
}

bool FunctionValidator::fail_malformed(std::string reason) {
  fail(std::move(reason));
  error_kind_ = ErrorKind::Malformed;
  return false;
}

bool FunctionValidator::fail_mismatch(ValType expected, Type got) {
  std::string reason = "type mismatch: ";
  reason.append(kOpNames[static_cast<size_t>(instr_.op)]);
  reason.append(" expected ");
  reason.append(type_name(static_cast<Type>(expected)));
  if (got == kUnknown) {
    reason.append(" but the stack is empty");
  } else {
    reason.append(" but got ");
    reason.append(type_name(got));
  }
  return fail(std::move(reason));
}

// ---- operand stack ------------------------------------------------------------------------

void FunctionValidator::grow_stack() {
  // validate() refuses a stack past the limit after the instruction that pushed it there,
  // which pushes at most a signature's worth of values: doubling the last time would touch
  // a megabyte that is never used.
  constexpr size_t kMostEverHeld =
      binary::kMaxOperandStackHeight + std::max(binary::kMaxFunctionParams, binary::kMaxFunctionResults);
  size_t next = std::max<size_t>(64, vals_.size() * 2);
  if (vals_.size() < kMostEverHeld) next = std::min(next, kMostEverHeld);
  vals_.resize(next);
}

void FunctionValidator::push_types(Types ts) {
  for (uint32_t i = 0; i < ts.size; ++i) push(ts.data[i]);
}

bool FunctionValidator::pop(Type& out) {
  const Frame& frame = ctrls_.back();
  if (depth_ == frame.height) {
    if (frame.unreachable) {
      out = kUnknown;
      return true;
    }
    std::string reason = "type mismatch: ";
    reason.append(kOpNames[static_cast<size_t>(instr_.op)]);
    reason.append(" expected an operand but the stack is empty");
    return fail(std::move(reason));
  }
  out = vals_[--depth_];
  return true;
}

bool FunctionValidator::pop_expect(ValType expected) {
  const Frame& frame = ctrls_.back();
  if (depth_ > frame.height) {
    const Type actual = vals_[depth_ - 1];
    if (actual != static_cast<Type>(expected) && actual != kUnknown) {
      return fail_mismatch(expected, actual);
    }
    --depth_;
    return true;
  }
  if (frame.unreachable) return true;
  return fail_mismatch(expected, kUnknown);
}

bool FunctionValidator::pop_types(Types ts) {
  for (uint32_t i = ts.size; i > 0; --i) {
    if (!pop_expect(ts.data[i - 1])) return false;
  }
  return true;
}

bool FunctionValidator::check_top(Types ts) {
  const Frame& frame = ctrls_.back();
  const size_t available = depth_ - frame.height;
  for (uint32_t i = 0; i < ts.size; ++i) {  // i counts from the top of the stack
    const ValType expected = ts.data[ts.size - 1 - i];
    if (i >= available) {
      if (frame.unreachable) return true;  // everything deeper is polymorphic
      return fail_mismatch(expected, kUnknown);
    }
    const Type actual = vals_[depth_ - 1 - i];
    if (actual != static_cast<Type>(expected) && actual != kUnknown) {
      return fail_mismatch(expected, actual);
    }
  }
  return true;
}

void FunctionValidator::mark_unreachable() {
  Frame& frame = ctrls_.back();
  depth_ = frame.height;
  frame.unreachable = true;
}

FunctionValidator::Types FunctionValidator::params_of(const Frame& f) const {
  if (f.block.kind != binary::BlockType::Kind::TypeIndex) return {};
  const FuncType& ft = ctx_.module.types[f.block.type_index];
  return {ft.params.data(), static_cast<uint32_t>(ft.params.size())};
}

FunctionValidator::Types FunctionValidator::results_of(const Frame& f) const {
  switch (f.block.kind) {
    case binary::BlockType::Kind::Empty: return {};
    case binary::BlockType::Kind::Value: return {single_type(f.block.value), 1};
    case binary::BlockType::Kind::TypeIndex: break;
  }
  const FuncType& ft = ctx_.module.types[f.block.type_index];
  return {ft.results.data(), static_cast<uint32_t>(ft.results.size())};
}

const FunctionValidator::Frame* FunctionValidator::label(uint32_t depth) {
  if (depth >= ctrls_.size()) {
    fail(unknown("label", depth));
    return nullptr;
  }
  return &ctrls_[ctrls_.size() - 1 - depth];
}

// ---- locals -------------------------------------------------------------------------------

bool FunctionValidator::local_type(uint32_t index, ValType& out) const {
  if (index < flat_locals_.size()) {
    out = flat_locals_[index];
    return true;
  }
  if (index >= total_locals_ || local_runs_.empty()) return false;
  const auto run = std::upper_bound(local_runs_.begin(), local_runs_.end(), uint64_t{index},
                                    [](uint64_t i, const LocalRun& r) { return i < r.end; });
  if (run == local_runs_.end()) return false;
  out = run->type;
  return true;
}

// ---- the pass -----------------------------------------------------------------------------

Result<void> FunctionValidator::validate(uint32_t defined_index) {
  const binary::Module& m = ctx_.module;
  const uint32_t func_index = m.num_imported_funcs + defined_index;
  const FuncType& type = m.func_type(func_index);

  flat_locals_.clear();
  local_runs_.clear();
  total_locals_ = type.params.size();
  binary::LocalDecl decl;
  for (binary::LocalDecls decls(m, defined_index); decls.next(decl);) total_locals_ += decl.count;
  binary::LocalDecls decls(m, defined_index);
  if (total_locals_ <= kMaxFlatLocals) {
    flat_locals_.assign(type.params.begin(), type.params.end());
    while (decls.next(decl)) flat_locals_.insert(flat_locals_.end(), decl.count, decl.type);
  } else {
    uint64_t end = 0;
    for (ValType p : type.params) local_runs_.push_back({++end, p});
    while (decls.next(decl)) {
      if (decl.count == 0) continue;
      end += decl.count;
      local_runs_.push_back({end, decl.type});
    }
  }

  depth_ = 0;
  ctrls_.clear();
  ctrls_.reserve(binary::control_depth_bound(m.body(defined_index).size()));
  Frame function_frame;
  function_frame.kind = Op::Block;
  function_frame.block = {binary::BlockType::Kind::TypeIndex, ValType::I32, m.func_types[func_index]};
  ctrls_.push_back(function_frame);

  const uint32_t body_offset = m.body_offset(defined_index);
  const uint32_t body_end = m.body_end(defined_index);
  if (body_offset > body_end || body_end > m.bytes.size()) {
    return malformed(at_offset(m.entry_offset(defined_index), "function body lies outside the module"));
  }
  binary::InstrReader reader(m.body(defined_index), body_offset);
  instr_ = Instr{};
  instr_.offset = body_offset;
  while (true) {
    if (reader.at_end()) {
      return malformed(at_offset(reader.offset(), "unexpected end of function body"));
    }
    if (auto read = reader.read(instr_); !read) return read.error();
    if (!step(instr_)) return Error(error_kind_, at_offset(error_offset_, error_));
    // One instruction pushes at most kMaxFunctionResults values, so checking after each one
    // bounds the stack (and the translator's, and the frame) near the limit.
    if (depth_ > binary::kMaxOperandStackHeight) {
      return Error(ErrorKind::Invalid,
                   at_offset(instr_.offset, "operand stack too deep: more than the implementation limit of " +
                                                std::to_string(binary::kMaxOperandStackHeight) + " values"));
    }
    if (ctrls_.empty()) break;  // the function's own `end`
  }
  if (!reader.at_end()) {
    return malformed(at_offset(reader.offset(), "instructions after the function's final end"));
  }
  return {};
}

bool FunctionValidator::step(const Instr& in) {
  const size_t op_index = static_cast<size_t>(in.op);
  if (op_index >= kNumOps) return fail_malformed("unknown opcode");
  const OpSig& sig = kOpSigs[op_index];
  if (sig.fixed) {
    if (immediate_needs_check(kOpImms[op_index]) && !check_immediates(in)) return false;
    return apply_sig(sig);
  }

  const binary::Module& m = ctx_.module;
  switch (in.op) {
    case Op::Unreachable:
      mark_unreachable();
      return true;
    case Op::Block:
    case Op::Loop:
    case Op::If:
      return begin_block(in);
    case Op::Else:
      return do_else();
    case Op::End:
      return do_end();
    case Op::Br: {
      const Frame* target = label(in.index);
      if (!target || !pop_types(label_types(*target))) return false;
      mark_unreachable();
      return true;
    }
    case Op::BrIf: {
      const Frame* target = label(in.index);
      if (!target) return false;
      const Types types = label_types(*target);
      if (!pop_expect(ValType::I32) || !pop_types(types)) return false;
      push_types(types);
      return true;
    }
    case Op::BrTable:
      return do_br_table(in);
    case Op::Return:
      if (!pop_types(results_of(ctrls_.front()))) return false;
      mark_unreachable();
      return true;
    case Op::Call: {
      if (in.index >= ctx_.num_funcs()) return fail(unknown("function", in.index));
      const FuncType& callee = m.func_type(in.index);
      if (!pop_types({callee.params.data(), static_cast<uint32_t>(callee.params.size())})) return false;
      for (ValType r : callee.results) push(r);
      return true;
    }
    case Op::CallIndirect: {
      if (in.index2 >= ctx_.num_tables()) return fail(unknown("table", in.index2));
      if (in.index >= ctx_.num_types()) return fail(unknown("type", in.index));
      if (m.tables[in.index2].elem != ValType::FuncRef) {
        return fail("type mismatch: call_indirect needs a funcref table");
      }
      const FuncType& callee = m.types[in.index];
      if (!pop_expect(ValType::I32)) return false;
      if (!pop_types({callee.params.data(), static_cast<uint32_t>(callee.params.size())})) return false;
      for (ValType r : callee.results) push(r);
      return true;
    }
    case Op::Drop: {
      Type ignored;
      return pop(ignored);
    }
    case Op::Select:
      return do_select();
    case Op::SelectT:
      // The reader passes the length of the type vector in `index`; 2.0 allows only one.
      if (in.index != 1) return fail("invalid result arity: select takes exactly one type");
      if (!pop_expect(ValType::I32) || !pop_expect(in.type) || !pop_expect(in.type)) return false;
      push(in.type);
      return true;
    case Op::LocalGet: {
      ValType t;
      if (!local_type(in.index, t)) return fail(unknown("local", in.index));
      push(t);
      return true;
    }
    case Op::LocalSet: {
      ValType t;
      if (!local_type(in.index, t)) return fail(unknown("local", in.index));
      return pop_expect(t);
    }
    case Op::LocalTee: {
      ValType t;
      if (!local_type(in.index, t)) return fail(unknown("local", in.index));
      if (!pop_expect(t)) return false;
      push(t);
      return true;
    }
    case Op::GlobalGet:
      if (in.index >= ctx_.num_globals()) return fail(unknown("global", in.index));
      push(m.global_types[in.index].type);
      return true;
    case Op::GlobalSet: {
      if (in.index >= ctx_.num_globals()) return fail(unknown("global", in.index));
      const GlobalType& g = m.global_types[in.index];
      if (!g.mut) return fail("immutable global " + std::to_string(in.index) + ": global is immutable");
      return pop_expect(g.type);
    }
    case Op::TableGet: {
      if (in.index >= ctx_.num_tables()) return fail(unknown("table", in.index));
      if (!pop_expect(ValType::I32)) return false;
      push(m.tables[in.index].elem);
      return true;
    }
    case Op::TableSet: {
      if (in.index >= ctx_.num_tables()) return fail(unknown("table", in.index));
      return pop_expect(m.tables[in.index].elem) && pop_expect(ValType::I32);
    }
    case Op::TableGrow: {
      if (in.index >= ctx_.num_tables()) return fail(unknown("table", in.index));
      if (!pop_expect(ValType::I32) || !pop_expect(m.tables[in.index].elem)) return false;
      push(ValType::I32);
      return true;
    }
    case Op::TableFill: {
      if (in.index >= ctx_.num_tables()) return fail(unknown("table", in.index));
      return pop_expect(ValType::I32) && pop_expect(m.tables[in.index].elem) && pop_expect(ValType::I32);
    }
    case Op::RefNull:
      if (!is_ref(in.type)) return fail_malformed("ref.null needs a reference type");
      push(in.type);
      return true;
    case Op::RefIsNull: {
      Type t;
      if (!pop(t)) return false;
      if (t != kUnknown && !is_ref(static_cast<ValType>(t))) {
        return fail(std::string("type mismatch: ref.is_null expected a reference but got ") +
                    std::string(type_name(t)));
      }
      push(ValType::I32);
      return true;
    }
    case Op::RefFunc:
      if (in.index >= ctx_.num_funcs()) return fail(unknown("function", in.index));
      if (!ctx_.declared_funcs[in.index]) {
        return fail("undeclared function reference " + std::to_string(in.index));
      }
      push(ValType::FuncRef);
      return true;
    default:
      // An opcode with neither a sig nor a case here is a hole in this file, not bad input;
      // still refuse rather than accept something unchecked.
      return fail(std::string("no typing rule for ") + std::string(kOpNames[op_index]));
  }
}

bool FunctionValidator::check_immediates(const Instr& in) {
  const size_t op_index = static_cast<size_t>(in.op);
  switch (kOpImms[op_index]) {
    case Imm::MemArg:
    case Imm::MemArgLane:
      if (in.mem.memory >= ctx_.num_memories()) return fail(unknown("memory", in.mem.memory));
      if (in.mem.align > natural_alignment(in.op)) {
        return fail("alignment must not be larger than natural");
      }
      if (kOpImms[op_index] == Imm::MemArgLane && in.lane >= lane_count(in.op)) {
        return fail("invalid lane index");
      }
      return true;
    case Imm::Lane:
      if (in.lane >= lane_count(in.op)) return fail("invalid lane index");
      return true;
    case Imm::Shuffle:
      for (uint8_t lane : in.constant.v128().bytes) {
        if (lane >= 32) return fail("invalid lane index");
      }
      return true;
    case Imm::Memory:
    case Imm::MemoryCopy:
      // Wasm 2.0 has one memory and the reader insists the memory bytes are zero.
      if (ctx_.num_memories() == 0) return fail(unknown("memory", 0));
      return true;
    case Imm::MemoryInit:
      if (!ctx_.has_data_count) return fail_malformed("data count section required");
      if (ctx_.num_memories() == 0) return fail(unknown("memory", 0));
      if (in.index >= ctx_.num_data_segments) return fail(unknown("data segment", in.index));
      return true;
    case Imm::Data:
      if (!ctx_.has_data_count) return fail_malformed("data count section required");
      if (in.index >= ctx_.num_data_segments) return fail(unknown("data segment", in.index));
      return true;
    case Imm::Elem:
      if (in.index >= ctx_.num_elems()) return fail(unknown("elem segment", in.index));
      return true;
    case Imm::Table:
      if (in.index >= ctx_.num_tables()) return fail(unknown("table", in.index));
      return true;
    case Imm::TableInit: {
      if (in.index2 >= ctx_.num_tables()) return fail(unknown("table", in.index2));
      if (in.index >= ctx_.num_elems()) return fail(unknown("elem segment", in.index));
      const ValType table_type = ctx_.module.tables[in.index2].elem;
      const ValType elem_type = ctx_.elem_types[in.index];
      if (table_type != elem_type) {
        return fail(std::string("type mismatch: table.init of ") + std::string(type_name(static_cast<Type>(elem_type))) +
                    " segment into " + std::string(type_name(static_cast<Type>(table_type))) + " table");
      }
      return true;
    }
    case Imm::TableCopy: {
      if (in.index >= ctx_.num_tables()) return fail(unknown("table", in.index));
      if (in.index2 >= ctx_.num_tables()) return fail(unknown("table", in.index2));
      const ValType dst = ctx_.module.tables[in.index].elem;
      const ValType src = ctx_.module.tables[in.index2].elem;
      if (dst != src) {
        return fail(std::string("type mismatch: table.copy from ") + std::string(type_name(static_cast<Type>(src))) +
                    " table into " + std::string(type_name(static_cast<Type>(dst))) + " table");
      }
      return true;
    }
    default:
      return true;  // constants and the like: nothing to check against the module
  }
}

bool FunctionValidator::apply_sig(const OpSig& sig) {
  // Fast path for the common case: all operands present with exactly the right types.
  const uint32_t n = sig.num_params;
  const uint32_t size = depth_;
  if (size >= ctrls_.back().height + n) {
    const Type* operands = vals_.data() + (size - n);
    bool exact = true;
    for (uint32_t i = 0; i < n; ++i) exact &= operands[i] == static_cast<Type>(sig.params[i]);
    if (exact) {
      depth_ = size - n;
      if (sig.num_results != 0) push(sig.result);
      return true;
    }
  }
  for (uint32_t i = n; i > 0; --i) {
    if (!pop_expect(sig.params[i - 1])) return false;
  }
  if (sig.num_results != 0) push(sig.result);
  return true;
}

bool FunctionValidator::resolve_block_type(const binary::BlockType& bt, Types& params, Types& results) {
  params = {};
  results = {};
  switch (bt.kind) {
    case binary::BlockType::Kind::Empty:
      return true;
    case binary::BlockType::Kind::Value: {
      const ValType* t = single_type(bt.value);
      if (!t) return fail_malformed("malformed block type");
      results = {t, 1};
      return true;
    }
    case binary::BlockType::Kind::TypeIndex: {
      if (bt.type_index >= ctx_.num_types()) return fail(unknown("type", bt.type_index));
      const FuncType& ft = ctx_.module.types[bt.type_index];
      params = {ft.params.data(), static_cast<uint32_t>(ft.params.size())};
      results = {ft.results.data(), static_cast<uint32_t>(ft.results.size())};
      return true;
    }
  }
  return fail_malformed("malformed block type");
}

bool FunctionValidator::begin_block(const Instr& in) {
  Types params, results;
  if (!resolve_block_type(in.block, params, results)) return false;
  if (in.op == Op::If && !pop_expect(ValType::I32)) return false;
  if (!pop_types(params)) return false;
  // ctrls_ holds the function's own frame too.
  if (ctrls_.size() > binary::kMaxControlDepth) {
    return fail("blocks nested too deep: more than the implementation limit of " +
                std::to_string(binary::kMaxControlDepth));
  }
  Frame frame;
  frame.kind = in.op;
  frame.block = in.block;
  frame.height = depth_;
  ctrls_.push_back(frame);
  push_types(params);
  return true;
}

bool FunctionValidator::do_else() {
  Frame& frame = ctrls_.back();
  if (frame.kind != Op::If) return fail_malformed("else without a matching if");
  if (!pop_types(results_of(frame))) return false;
  if (depth_ != frame.height) return fail("type mismatch: values remain at the end of the if branch");
  frame.kind = Op::Else;
  frame.unreachable = false;
  push_types(params_of(frame));
  return true;
}

bool FunctionValidator::do_end() {
  const Frame frame = ctrls_.back();
  const Types results = results_of(frame);
  if (!pop_types(results)) return false;
  if (depth_ != frame.height) return fail("type mismatch: values remain at the end of the block");
  // An `if` without `else` behaves as if the missing branch passed its inputs through.
  if (frame.kind == Op::If) {
    const Types params = params_of(frame);
    if (!same_types(params.data, params.size, results.data, results.size))
      return fail("type mismatch: if without else must produce its parameter types");
  }
  ctrls_.pop_back();
  push_types(results);
  return true;
}

bool FunctionValidator::do_br_table(const Instr& in) {
  const Frame* fallback = label(in.br_default);
  if (!fallback) return false;
  for (uint32_t target : in.br_targets) {
    if (!label(target)) return false;
  }
  const Types default_types = label_types(*fallback);
  if (!pop_expect(ValType::I32)) return false;
  for (uint32_t target : in.br_targets) {
    const Types types = label_types(ctrls_[ctrls_.size() - 1 - target]);
    if (types.size != default_types.size) {
      return fail("type mismatch: br_table targets have different arities");
    }
    if (!check_top(types)) return false;
  }
  if (!pop_types(default_types)) return false;
  mark_unreachable();
  return true;
}

bool FunctionValidator::do_select() {
  Type t1, t2;
  if (!pop_expect(ValType::I32) || !pop(t1) || !pop(t2)) return false;
  auto numeric_or_unknown = [](Type t) { return t == kUnknown || is_num(static_cast<ValType>(t)); };
  auto vector_or_unknown = [](Type t) { return t == kUnknown || static_cast<ValType>(t) == ValType::V128; };
  if (!((numeric_or_unknown(t1) && numeric_or_unknown(t2)) || (vector_or_unknown(t1) && vector_or_unknown(t2)))) {
    return fail("type mismatch: select without a type needs numeric or vector operands");
  }
  if (t1 != t2 && t1 != kUnknown && t2 != kUnknown) {
    return fail(std::string("type mismatch: select operands ") + std::string(type_name(t2)) + " and " +
                std::string(type_name(t1)) + " differ");
  }
  push_type(t1 == kUnknown ? t2 : t1);
  return true;
}

}  // namespace stratus::validate
