// The function translator, shared by the files of src/exec/translate/ that implement it:
//   function_translator.cpp  the walk over a body, the dispatch per instruction, calls
//   operand_stack.hpp        where each wasm operand lives (a temp cell, a local, a constant)
//   moves.cpp                parallel moves of branch values
//   control.cpp              blocks, loops, ifs and branches
//   fusion.hpp               the fusion candidates
//   fusion_rules.hpp         every fusion rule, one function each (inlined into the lowering)
//   lower_numeric.cpp        instructions with a fixed signature
//   lower_memory.cpp         loads and stores
//   lower_variables.cpp      locals, globals, tables, references and bulk memory
//
// The translator keeps a model of the wasm operand stack whose entries say where each value
// lives: in its own temp cell ("home", fixed by stack height), still in a local (local.get
// makes no copy), or as a constant not yet written anywhere. Instructions then address cells
// directly, constants become immediates where a handler form allows, results are retargeted
// into locals, and producers fuse with the consumer that follows them (fusion.hpp).
#pragma once

#include <algorithm>
#include <array>
#include <span>
#include <vector>

#include "binary/instr.hpp"
#include "binary/limits.hpp"
#include "exec/interp/handlers.hpp"
#include "exec/interp/internal_ops.hpp"
#include "exec/objects.hpp"
#include "exec/translate/code_builder.hpp"
#include "exec/translate/function_translator.hpp"
#include "exec/translate/fusion.hpp"
#include "exec/translate/operand_stack.hpp"

namespace stratus::exec::translator {

using binary::Imm;
using binary::Instr;
using binary::Op;

// A forward branch waiting for its target's end; a block's pending branches are a list
// through TranslatorScratch::fixups, so a frame costs the same however many branches target it.
struct Fixup {
  uint32_t instr;
  uint32_t word;  // of the Branch field
  uint32_t next;  // the block's next pending branch, or kNoFixup
};
inline constexpr uint32_t kNoFixup = UINT32_MAX;

// One open block. A body may nest kMaxControlDepth of them, so a frame is kept at 24 bytes:
// its signature is the block type (the function's own frame: its type index), its pending
// branches a list in the scratch buffers, code positions 32-bit (a function's code is far
// below 2^32 slots).
struct Control {
  enum class Kind : uint8_t { Function, Block, Loop, If };
  Kind kind : 2 = Kind::Block;
  bool seen_else : 1 = false;
  bool unreachable : 1 = false;
  // The block type, packed into the same word (params and results: FunctionTranslator::params_of
  // / results_of): its kind, and the value type's byte or the type index (below kMaxTypes).
  binary::BlockType::Kind block_kind : 2 = binary::BlockType::Kind::Empty;
  uint32_t block_operand : 24 = 0;
  uint32_t stack_size = 0;   // entries below the block's parameters
  uint32_t base_cell = 0;    // home of the first parameter / result
  uint32_t label_cell = 0;   // where branches to a block/if deliver their values
  uint32_t fixups = kNoFixup;  // forward branches to this block's end
  // Loop: where a branch to it goes. If: its conditional branch to the else arm (its
  // op::kConditionalBranchWord), kNoPosition once the else arm starts.
  uint32_t loop_start_or_else = kNoPosition;
  static constexpr uint32_t kNoPosition = UINT32_MAX;

  void set_block(const binary::BlockType& bt) {
    block_kind = bt.kind;
    block_operand = bt.kind == binary::BlockType::Kind::Value ? static_cast<uint8_t>(bt.value) : bt.type_index;
  }
  binary::BlockType block() const {
    binary::BlockType bt;
    bt.kind = block_kind;
    if (block_kind == binary::BlockType::Kind::Value) bt.value = static_cast<ValType>(block_operand);
    if (block_kind == binary::BlockType::Kind::TypeIndex) bt.type_index = block_operand;
    return bt;
  }
};
static_assert(sizeof(Control) <= 24, "a body may nest kMaxControlDepth frames");
static_assert(binary::kMaxTypes < (1u << 24), "a type index fits Control::block_operand");

// One cell assignment of a parallel move.
struct Move {
  uint32_t dst;
  bool is_const;
  uint32_t src;
  uint64_t bits;
};

// What on_fixed needs of an opcode, precomputed once from opcodes.def's signature column.
struct FixedSig {
  const binary::OpInfo* info = nullptr;
  const OpHandlers* handlers = nullptr;
  uint8_t arity = 0;  // operands popped
  bool has_result = false;
  ValType result = ValType::I32;
};
const FixedSig& fixed_sig(Op op);

}  // namespace stratus::exec::translator

namespace stratus::exec {

struct TranslatorScratch {
  std::vector<uint32_t> local_cells;
  std::vector<ValType> local_types;
  std::vector<translator::Operand> stack;
  std::vector<std::array<uint64_t, 2>> wide_consts;  // v128 constants on the stack: low, high
  std::vector<uint64_t> wide_scalars;                // i64/f64 constants too wide for an Operand
  std::vector<translator::Control> ctrl;
  std::vector<translator::Fixup> fixups;
  std::vector<PcMapEntry> pc_map;
};

}  // namespace stratus::exec

namespace stratus::exec::translator {

class FunctionTranslator {
 public:
  FunctionTranslator(ModuleTranslation& m, uint32_t defined_index, CompiledFunc& out);
  Result<void> run();

 private:
  // ---- emission (here, so every caller inlines it) ----
  size_t emit(Handler h, unsigned slots) {
    const uint32_t rel = static_cast<uint32_t>(builder_.position() - start_);
    auto& map = pc_map_;
    if (!map.empty() && map.back().code_slot == rel) map.back().wasm_offset = wasm_offset_;
    else if (map.empty() || map.back().wasm_offset != wasm_offset_) map.push_back({rel, wasm_offset_});
    // Kept across the one instruction that follows it: the load a fused rmw_mul also absorbs.
    pending_.forget(/*keep_mul_load=*/pending_.mul_load.end == builder_.position());
    return builder_.begin(h, slots);
  }
  // An instruction of layout L with its fields.
  template <class L>
  size_t emit(Handler h, const typename L::Args& fields) {
    const size_t i = emit(h, L::slots);
    op::write_fields(builder_.at(i), fields);
    return i;
  }
  // emit() for a fused instruction whose traps belong to an earlier wasm instruction (the
  // load it absorbed): the pc map names `wasm_offset` for it.
  template <class L>
  size_t emit_at(uint32_t wasm_offset, Handler h, const typename L::Args& fields) {
    const uint32_t current = wasm_offset_;
    wasm_offset_ = wasm_offset;
    const size_t i = emit<L>(h, fields);
    wasm_offset_ = current;
    return i;
  }
  void truncate(size_t position) {
    builder_.truncate(position);
    if (pending_.mul_load.start != kNone && position < pending_.mul_load.end) pending_.mul_load.start = kNone;
    auto& map = pc_map_;
    while (!map.empty() && map.back().code_slot >= position - start_) map.pop_back();
  }
  // Forgets fusion candidates: a label lies between the producer and any later consumer.
  void at_label() { pending_.forget(/*keep_mul_load=*/false); }
  // Records that instruction `instr`, just emitted, writes its result to field 0.
  void note_result(size_t instr) {
    pending_.result = {instr, builder_.position()};
  }
  // Whether `e` is the result of the instruction just emitted, which can still be retargeted.
  bool is_last_result(const Operand& e) const {
    return e.kind == Operand::Kind::Temp && pending_.result.start != kNone && pending_.result.end == builder_.position() &&
           e.home == builder_.get(pending_.result.start, op::result);
  }

  void emit_copy(uint32_t dst, uint32_t src, ValType t);
  void emit_const_cell(uint32_t dst, uint64_t bits);
  void emit_const(uint32_t dst, const Operand& e);

  // ---- the operand stack (operand_stack.hpp) ----
  uint32_t top_end() const {
    return stack_.empty() ? stack_base_ : stack_.back().home + cell_count(stack_.back().type);
  }
  void reserve_cells(uint32_t end) { max_end_ = std::max(max_end_, end); }
  // Every cell a body can use (params, locals and the operand stack, two cells a v128, and a
  // scratch cell) fits an Operand's home.
  static_assert(2 * (uint64_t{binary::kMaxFunctionParams} + binary::kMaxFunctionLocals +
                     binary::kMaxOperandStackHeight) + 16 <= Operand::kMaxHome);
  [[gnu::always_inline]] Operand& push_temp(ValType t) {
    const uint32_t home = top_end();
    reserve_cells(home + cell_count(t));
    Operand& e = stack_.emplace_back();
    e.type = t;
    e.home = home;
    return e;
  }
  void push_local(uint32_t index) {
    Operand& e = push_temp(local_types_[index]);
    e.kind = Operand::Kind::Local;
    e.local = local_cells_[index];
  }
  void push_const(ValType t, uint64_t lo, uint64_t hi = 0) {
    Operand& e = push_temp(t);
    e.kind = Operand::Kind::Const;
    if (t == ValType::V128) {
      e.bits = static_cast<uint32_t>(wide_consts_.size());
      wide_consts_.push_back({lo, hi});
    } else if (!wide_immediate(t)) {
      e.bits = static_cast<uint32_t>(lo);
    } else if (const auto v = static_cast<int64_t>(lo); v >= -(int64_t{1} << 30) && v < (int64_t{1} << 30)) {
      e.bits = static_cast<uint32_t>(lo) & ~Operand::kWideScalar;
    } else {
      e.bits = static_cast<uint32_t>(wide_scalars_.size()) | Operand::kWideScalar;
      wide_scalars_.push_back(lo);
    }
  }
  // Cell `k` of constant `e` (k is 1 only for a v128's high half).
  uint64_t const_cell_bits(const Operand& e, uint32_t k) const {
    if (e.type == ValType::V128) return wide_consts_[e.bits][k];
    if (!wide_immediate(e.type)) return e.bits;
    if (e.bits & Operand::kWideScalar) return wide_scalars_[e.bits & ~Operand::kWideScalar];
    // A sign-extended 31-bit value: bit 30 is its sign.
    return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(e.bits << 1) >> 1));
  }
  Operand pop() {
    Operand e = stack_.back();
    stack_.pop_back();
    return e;
  }
  // Gives the entry a real cell (its home) if it has none.
  void materialize(Operand& e) {
    if (e.kind == Operand::Kind::Local) emit_copy(e.home, e.local, e.type);
    else if (e.kind == Operand::Kind::Const) emit_const(e.home, e);
    e.kind = Operand::Kind::Temp;
  }
  // The cell holding the entry's value.
  [[gnu::always_inline]] uint32_t cell(Operand& e) {
    if (e.kind == Operand::Kind::Const) materialize(e);
    return e.kind == Operand::Kind::Local ? e.local : e.home;
  }
  void materialize_all() {
    for (Operand& e : stack_) materialize(e);
  }
  // Pops `N` operands into cells (in stack order).
  template <size_t N>
  std::array<uint32_t, N> pop_cells() {
    std::array<uint32_t, N> cells{};
    for (size_t k = N; k-- > 0;) {
      Operand e = pop();
      cells[k] = cell(e);
    }
    return cells;
  }

  // ---- moves of branch values (moves.cpp) ----
  void add_moves(std::vector<Move>& moves, const Operand& e, uint32_t dst);
  std::vector<Move> moves_for(std::span<const ValType> types, uint32_t dst);
  void emit_moves(std::vector<Move> moves);

  // ---- control (control.cpp) ----
  Control& label(uint32_t depth) { return ctrl_[ctrl_.size() - 1 - depth]; }
  std::span<const ValType> params_of(const Control& c) const { return block_signature(c.block()).first; }
  std::span<const ValType> results_of(const Control& c) const { return block_signature(c.block()).second; }
  std::span<const ValType> label_types(const Control& c) const {
    return c.kind == Control::Kind::Loop ? params_of(c) : results_of(c);
  }
  void link(size_t instr, unsigned word, Control& target);
  void emit_jump(Control& target);
  void set_unreachable();
  Condition pop_condition();
  size_t emit_conditional(const Condition& c, bool when, bool check);
  std::pair<std::span<const ValType>, std::span<const ValType>> block_signature(const binary::BlockType& bt) const;
  Control& open(Control::Kind kind, const binary::BlockType& bt);
  void on_block(const Instr& in);
  void on_loop(const Instr& in);
  void on_if(const Instr& in);
  void on_else();
  void on_end();
  void on_br(uint32_t depth);
  void on_br_if(uint32_t depth);
  void on_br_table(const Instr& in);
  void on_return();

  // ---- fusion rules (fusion_rules.hpp); each returns whether it emitted the fused form ----
  bool join_copy_pair(uint32_t dst, uint32_t src);
  bool join_add_pair(uint32_t dst, uint32_t a, uint32_t b);
  bool fuse_compare_into_branch(const Operand& e, Condition& c);
  bool fuse_counter_test(const Operand& e, Condition& c);
  bool emit_add_branch(const Condition& c, bool negate, bool check, size_t& emitted);
  size_t emit_compare_branch(const Condition& c, bool negate, bool check);
  bool fuse_add_into_load(const Instr& in, const OpHandlers& oh, ValType result, uint32_t offset);
  [[gnu::always_inline]] bool fuse_add_into_store(const OpHandlers& oh, uint32_t offset);
  bool fuse_rmw_mul(const PendingWithLoad& w, uint32_t addr, uint32_t offset);
  bool fuse_rmw(Op store, uint32_t offset);
  bool fuse_op_store(Op store, uint32_t offset);
  bool fuse_with_load_add(const Instr& in, const OpHandlers& oh, ValType result);
  bool fuse_with_load(const Instr& in, const OpHandlers& oh, ValType result);
  bool fuse_with_shift(const OpHandlers& oh, ValType result);
  bool fuse_chain(const OpHandlers& oh, ValType result);
  bool retarget_into_local(const Operand& value, uint32_t target);
  void retarget_single_result();
  // What later fusions need to know of an instruction just emitted in its plain form.
  [[gnu::always_inline]] void note_imm_op(Op op, const OpHandlers& oh, size_t i, uint32_t lhs, uint64_t imm, bool wide, uint32_t dst,
                   const PendingAdd& before);
  [[gnu::always_inline]] void note_reg_op(Op op, const OpHandlers& oh, size_t i, size_t arity, const uint32_t* cells, uint32_t dst,
                   ValType result, const PendingAdd& before);
  void note_load(Op op, size_t i, uint32_t addr, uint32_t offset, uint32_t dst);
  void note_preceding_add(const PendingAdd& before, uint32_t lhs);

  // ---- lowering ----
  bool translate_instr(const Instr& in);          // function_translator.cpp
  void on_call(uint32_t func_index);              // function_translator.cpp
  void on_call_indirect(const Instr& in);         // function_translator.cpp
  uint32_t prepare_args(size_t n);                // function_translator.cpp
  bool on_fixed(const Instr& in);                 // lower_numeric.cpp
  bool on_memory(const Instr& in, const binary::OpInfo& info, const OpHandlers& oh, const FixedSig& sig);  // lower_memory.cpp
  void on_local_set(uint32_t index, bool tee);    // lower_variables.cpp
  bool on_variable_or_table(const Instr& in);     // lower_variables.cpp: globals, tables, refs, bulk memory

  // Returns false for an instruction the interpreter lacks (unsupported_ names it).
  bool unsupported(const binary::OpInfo& info) {
    unsupported_ = &info;
    return false;
  }
  const binary::OpInfo* unsupported_ = nullptr;

  const binary::Module& module_;
  const ModuleCode& code_;
  bool explicit_bounds_;
  CodeBuilder& builder_;
  CompiledFunc& func_;
  uint32_t defined_index_;
  const SpecialHandlers& h_;
  const std::vector<const FuncType*>& types_;
  size_t start_ = 0;
  uint32_t wasm_offset_ = 0;
  TranslatorScratch& scratch_;
  std::vector<uint32_t>& local_cells_;
  std::vector<ValType>& local_types_;
  uint32_t stack_base_ = 0;
  uint32_t max_end_ = 0;
  std::vector<Operand>& stack_;
  std::vector<std::array<uint64_t, 2>>& wide_consts_;
  std::vector<uint64_t>& wide_scalars_;
  std::vector<Control>& ctrl_;
  std::vector<Fixup>& fixups_;
  std::vector<PcMapEntry>& pc_map_;
  size_t dead_depth_ = 0;
  Pending pending_;
};

}  // namespace stratus::exec::translator

#include "exec/translate/fusion_rules.hpp"  // IWYU pragma: export
