// The translator keeps a model of the wasm operand stack whose entries say where each value
// lives: in its own temp cell ("home", fixed by stack height), still in a local (local.get
// makes no copy), or as a constant not yet written anywhere. Instructions then address cells
// directly, constants become immediates where a handler form allows, results are retargeted
// into locals, and compares fuse with the branch that consumes them.
#include "exec/translate/function_translator.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <span>
#include <string>

#include "exec/interp/handlers.hpp"
#include "exec/objects.hpp"
#include "exec/translate/code_builder.hpp"
#include "exec/translate/valid_reader.hpp"

namespace stratus::exec {
namespace {

using binary::Imm;
using binary::Instr;
using binary::Op;

constexpr size_t kNone = SIZE_MAX;

struct Operand {
  enum class Kind : uint8_t { Temp, Local, Const };
  Kind kind = Kind::Temp;
  ValType type = ValType::I32;
  uint32_t home = 0;   // the operand-stack cell this entry owns
  uint32_t local = 0;  // Kind::Local: the local's cell
  uint64_t bits[2] = {0, 0};
};

struct Fixup {
  size_t instr;
  unsigned field;
};

struct Control {
  enum class Kind : uint8_t { Function, Block, Loop, If };
  Kind kind = Kind::Block;
  size_t stack_size = 0;     // entries below the block's parameters
  size_t floor = 0;          // entries kept when the rest of the block is unreachable
  uint32_t base_cell = 0;    // home of the first parameter / result
  uint32_t label_cell = 0;   // where branches to a block/if deliver their values
  std::span<const ValType> params, results;  // into the module's types or kValTypes
  size_t loop_start = 0;
  std::vector<Fixup> fixups;  // forward branches to this block's end
  Fixup else_fixup{kNone, 0};
  bool seen_else = false;
  bool unreachable = false;
};

// A comparison just emitted, which a following br_if / if may absorb.
struct PendingCompare {
  size_t start = kNone, end = kNone;
  Op op = Op::Nop;
  bool unary = false, imm = false, imm64 = false;
  uint32_t lhs = 0, rhs = 0, home = 0;
  uint64_t imm_bits = 0;
  // The i32.add of an immediate emitted right before, whose result (in cell `lhs`) it compares.
  size_t add_start = kNone, add_end = kNone;
  uint32_t add_src = 0, add_imm = 0;
};

// An i32.add just emitted, which a following load or store may absorb into its address.
struct PendingAdd {
  size_t start = kNone, end = kNone;
  bool imm = false;
  uint32_t lhs = 0, rhs = 0, home = 0;  // rhs: a cell, or the immediate
};

// A full-width load just emitted, which a following binary op may absorb as an operand.
struct PendingLoad {
  size_t start = kNone, end = kNone;
  uint32_t addr = 0, offset = 0, home = 0, wasm_offset = 0;
};

// A full-width load from (a + imm) mod 2^32 just emitted (a fused i32.add), which a following
// binary op may absorb like a PendingLoad.
struct PendingLoadAdd {
  size_t start = kNone, end = kNone;
  uint32_t a = 0, imm = 0, offset = 0, home = 0, wasm_offset = 0;
};

// A binary op of the with_load list just emitted in its all-cells form, which a following
// full-width store of its result may absorb.
struct PendingBinary {
  size_t start = kNone, end = kNone;
  Op store = Op::Nop;  // the store that may absorb it
  const OpHandlers* handlers = nullptr;
  uint32_t a = 0, b = 0, home = 0;
  int chain = -1;       // ChainKind of an f32/f64 add/sub/mul
  ValType type = ValType::I32;
};

// An f32/f64 mul with one operand loaded (with_load or with_load_add) just emitted, which a
// read-modify-write add/sub of its result may absorb: x * [(a + imm) + offset].
struct PendingMulLoad {
  size_t start = kNone, end = kNone;
  bool lhs_loaded = false;
  ValType type = ValType::F64;
  uint32_t x = 0, a = 0, imm = 0, offset = 0, home = 0, wasm_offset = 0;
};

// A with_load op just emitted, which a store of its result back to the loaded address may absorb.
struct PendingWithLoad {
  size_t start = kNone, end = kNone;
  Op store = Op::Nop;
  const OpHandlers* handlers = nullptr;
  bool lhs_loaded = false;
  uint32_t other = 0, addr = 0, offset = 0, home = 0, wasm_offset = 0;
  PendingMulLoad inner;  // start != kNone: `other` is that mul's result, emitted right before
};

int chain_kind(Op op) {
  switch (op) {
    case Op::F32Add: case Op::F64Add: return kChainAdd;
    case Op::F32Sub: case Op::F64Sub: return kChainSub;
    case Op::F32Mul: case Op::F64Mul: return kChainMul;
    default: return -1;
  }
}

// The full-width store of a value type.
Op full_store(ValType t) {
  switch (t) {
    case ValType::I32: return Op::I32Store;
    case ValType::I64: return Op::I64Store;
    case ValType::F32: return Op::F32Store;
    case ValType::F64: return Op::F64Store;
    default: return Op::Nop;
  }
}

// An i32 shift or rotate by a constant just emitted, which a following add/and/or/xor may absorb.
struct PendingShift {
  size_t start = kNone, end = kNone;
  ShiftKind kind = kShl;
  uint32_t value = 0, amount = 0, home = 0;
};

int shift_kind(Op op) {
  switch (op) {
    case Op::I32Shl: return kShl;
    case Op::I32ShrS: return kShrS;
    case Op::I32ShrU: return kShrU;
    case Op::I32Rotl: return kRotl;
    case Op::I32Rotr: return kRotr;
    default: return -1;
  }
}

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

// Where a branch condition comes from.
struct Condition {
  bool fused = false;
  PendingCompare compare;
  uint32_t cell = 0;
};

struct Move {
  uint32_t dst;
  bool is_const;
  uint32_t src;
  uint64_t bits;
};

ValType sig_type(char c) {
  switch (c) {
    case 'i': return ValType::I32;
    case 'l': return ValType::I64;
    case 'f': return ValType::F32;
    case 'd': return ValType::F64;
    default: return ValType::V128;
  }
}
// What on_fixed needs of an opcode, precomputed once from opcodes.def's signature column.
struct FixedSig {
  const binary::OpInfo* info = nullptr;
  const OpHandlers* handlers = nullptr;
  uint8_t arity = 0;  // operands popped
  bool has_result = false;
  ValType result = ValType::I32;
};
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

// Every ValType by its encoding, so a block's single result type can be a span.
constexpr std::array<ValType, 256> kValTypes = [] {
  std::array<ValType, 256> t{};
  for (size_t k = 0; k < t.size(); ++k) t[k] = static_cast<ValType>(k);
  return t;
}();

bool wide_immediate(ValType t) { return t == ValType::I64 || t == ValType::F64; }

}  // namespace

struct TranslatorScratch {
  std::vector<uint32_t> local_cells;
  std::vector<ValType> local_types;
  std::vector<Operand> stack;
  std::vector<Control> ctrl;
  std::vector<PcMapEntry> pc_map;
};
void TranslatorScratchDeleter::operator()(TranslatorScratch* s) const { delete s; }

namespace {

class FunctionTranslator {
 public:
  FunctionTranslator(ModuleTranslation& m, uint32_t defined_index)
      : module_(m.module),
        code_(m.code),
        explicit_bounds_(m.options.bounds_checks == BoundsChecks::Explicit),
        builder_(m.builder),
        func_(m.code.funcs[defined_index]),
        defined_index_(defined_index),
        h_(special_handlers()),
        types_(m.types),
        scratch_(*m.scratch),
        local_cells_(scratch_.local_cells),
        local_types_(scratch_.local_types),
        stack_(scratch_.stack),
        ctrl_(scratch_.ctrl),
        pc_map_(scratch_.pc_map) {
    local_cells_.clear();
    local_types_.clear();
    stack_.clear();
    ctrl_.clear();
    pc_map_.clear();
  }

  Result<void> run();

 private:
  // ---- emission ----
  size_t emit(Handler h, unsigned slots) {
    const uint32_t rel = static_cast<uint32_t>(builder_.position() - start_);
    auto& map = pc_map_;
    if (!map.empty() && map.back().code_slot == rel) map.back().wasm_offset = wasm_offset_;
    else if (map.empty() || map.back().wasm_offset != wasm_offset_) map.push_back({rel, wasm_offset_});
    compare_.start = kNone;
    add_.start = kNone;
    load_.start = kNone;
    shift_.start = kNone;
    copy_start_ = kNone;
    reg_add_start_ = kNone;
    load_add_.start = kNone;
    binary_.start = kNone;
    with_load_.start = kNone;
    // Kept across the one instruction that follows it: the load a fused rmw_mul also absorbs.
    if (mul_load_.start != kNone && mul_load_.end != builder_.position()) mul_load_.start = kNone;
    last_dst_instr_ = kNone;
    return builder_.begin(h, slots);
  }
  // emit() for a fused instruction whose traps belong to an earlier wasm instruction (the
  // load it absorbed): the pc map names `wasm_offset` for it.
  size_t emit_at(uint32_t wasm_offset, Handler h, unsigned slots) {
    const uint32_t current = wasm_offset_;
    wasm_offset_ = wasm_offset;
    const size_t i = emit(h, slots);
    wasm_offset_ = current;
    return i;
  }
  void truncate(size_t position) {
    builder_.truncate(position);
    if (mul_load_.start != kNone && position < mul_load_.end) mul_load_.start = kNone;
    auto& map = pc_map_;
    while (!map.empty() && map.back().code_slot >= position - start_) map.pop_back();
  }
  // Forgets fusion candidates: a label lies between the producer and any later consumer.
  void at_label() {
    compare_.start = kNone;
    add_.start = kNone;
    load_.start = kNone;
    shift_.start = kNone;
    copy_start_ = kNone;
    reg_add_start_ = kNone;
    load_add_.start = kNone;
    binary_.start = kNone;
    with_load_.start = kNone;
    mul_load_.start = kNone;
    last_dst_instr_ = kNone;
  }
  void note_result(size_t instr) {
    last_dst_instr_ = instr;
    last_dst_end_ = builder_.position();
  }

  void emit_copy(uint32_t dst, uint32_t src, ValType t) {
    if (dst == src) return;
    if (t != ValType::V128 && copy_start_ != kNone && copy_end_ == builder_.position()) {
      // Joins the one-cell copy just emitted (no label between): one dispatch for both.
      const size_t prev = copy_start_;
      const uint32_t d1 = builder_.get32(prev, 0), s1 = builder_.get32(prev, 1);
      truncate(prev);
      const size_t i = emit(h_.copy_pair, 3);
      builder_.set32(i, 0, d1);
      builder_.set32(i, 1, s1);
      builder_.set32(i, 2, dst);
      builder_.set32(i, 3, src);
      return;
    }
    const size_t i = emit(t == ValType::V128 ? h_.copy2 : h_.copy, 2);
    builder_.set32(i, 0, dst);
    builder_.set32(i, 1, src);
    if (t != ValType::V128) {
      copy_start_ = i;
      copy_end_ = builder_.position();
    }
  }
  void emit_const_cell(uint32_t dst, uint64_t bits) {
    if (bits <= UINT32_MAX) {
      const size_t i = emit(h_.const32, 2);
      builder_.set32(i, 0, dst);
      builder_.set32(i, 1, static_cast<uint32_t>(bits));
    } else {
      const size_t i = emit(h_.const64, 3);
      builder_.set32(i, 0, dst);
      builder_.set64(i, 2, bits);
    }
  }
  void emit_const(uint32_t dst, const Operand& e) {
    if (e.type == ValType::V128) {
      const size_t i = emit(h_.const128, 4);
      builder_.set32(i, 0, dst);
      builder_.set64(i, 2, e.bits[0]);
      builder_.set64(i, 4, e.bits[1]);
    } else {
      emit_const_cell(dst, e.bits[0]);
    }
  }

  // ---- the operand stack ----
  uint32_t top_end() const {
    return stack_.empty() ? stack_base_ : stack_.back().home + cell_count(stack_.back().type);
  }
  void reserve_cells(uint32_t end) { max_end_ = std::max(max_end_, end); }
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
    e.bits[0] = lo;
    e.bits[1] = hi;
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
  uint32_t cell(Operand& e) {
    if (e.kind == Operand::Kind::Const) materialize(e);
    return e.kind == Operand::Kind::Local ? e.local : e.home;
  }
  void materialize_all() {
    for (Operand& e : stack_) materialize(e);
  }

  // ---- moves of branch values ----
  void add_moves(std::vector<Move>& moves, const Operand& e, uint32_t dst) {
    for (uint32_t k = 0; k < cell_count(e.type); ++k) {
      if (e.kind == Operand::Kind::Const) moves.push_back({dst + k, true, 0, e.bits[k]});
      else moves.push_back({dst + k, false, (e.kind == Operand::Kind::Local ? e.local : e.home) + k, 0});
    }
  }
  // The moves that deliver the top `types.size()` entries to cells starting at `dst`.
  std::vector<Move> moves_for(std::span<const ValType> types, uint32_t dst) {
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
  void emit_moves(std::vector<Move> moves) {
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
        const uint32_t parked = moves.front().is_const ? 0 : moves.front().src;
        for (const Move& m : moves)
          if (!m.is_const) {
            emit_copy(scratch, m.src, ValType::I64);
            const uint32_t src = m.src;
            for (Move& o : moves)
              if (!o.is_const && o.src == src) o.src = scratch;
            break;
          }
        (void)parked;
        reserve_cells(scratch + 1);
      }
    }
    for (const Move& m : moves) emit_const_cell(m.dst, m.bits);
  }

  // ---- control ----
  Control& label(uint32_t depth) { return ctrl_[ctrl_.size() - 1 - depth]; }
  std::span<const ValType> label_types(const Control& c) const {
    return c.kind == Control::Kind::Loop ? c.params : c.results;
  }
  void link(size_t instr, unsigned field, Control& target) {
    if (target.kind == Control::Kind::Loop) builder_.set_branch(instr, field, target.loop_start);
    else target.fixups.push_back({instr, field});
  }
  // An unconditional transfer to `target`; values must already be in place.
  void emit_jump(Control& target) {
    if (target.kind == Control::Kind::Function) {
      emit(h_.ret, 1);
      return;
    }
    const size_t i = emit(h_.jump[target.kind == Control::Kind::Loop], 2);
    link(i, 0, target);
  }
  void set_unreachable() {
    Control& c = ctrl_.back();
    c.unreachable = true;
    stack_.resize(c.floor);
  }

  // Records in compare_ that the add-immediate `before`, which ended where the compare starts,
  // computed the compare's left operand `lhs` (its result may have been retargeted to a local).
  void note_preceding_add(const PendingAdd& before, uint32_t lhs) {
    if (before.start == kNone || !before.imm || before.end != compare_.start || builder_.get32(before.start, 0) != lhs)
      return;
    compare_.add_start = before.start;
    compare_.add_end = before.end;
    compare_.add_src = before.lhs;
    compare_.add_imm = before.rhs;
  }
  Condition pop_condition() {
    Operand e = pop();
    Condition c;
    if (compare_.start != kNone && compare_.end == builder_.position() && e.kind == Operand::Kind::Temp &&
        e.home == compare_.home) {
      c.fused = true;
      c.compare = compare_;
      truncate(compare_.start);
      return c;
    }
    // A counter just incremented and tested for non-zero: compare it with 0 so the add fuses.
    if (e.kind != Operand::Kind::Const && add_.start != kNone && add_.imm && add_.end == builder_.position()) {
      const uint32_t value = e.kind == Operand::Kind::Local ? e.local : e.home;
      if (builder_.get32(add_.start, 0) == value) {
        c.fused = true;
        c.compare = PendingCompare{};
        c.compare.op = Op::I32Ne;
        c.compare.imm = true;
        c.compare.lhs = value;
        c.compare.imm_bits = 0;
        c.compare.add_start = add_.start;
        c.compare.add_end = add_.end;
        c.compare.add_src = add_.lhs;
        c.compare.add_imm = add_.rhs;
        return c;
      }
    }
    c.cell = cell(e);
    return c;
  }
  // A conditional jump taken when the condition is `when` (offset in field 1).
  size_t emit_conditional(const Condition& c, bool when, bool check) {
    if (!c.fused) {
      const size_t i = emit(when ? h_.jump_if[check] : h_.jump_unless[check], 2);
      builder_.set32(i, 0, c.cell);
      return i;
    }
    const OpHandlers& oh = op_handlers(c.compare.op);
    const bool negate = !when;
    if (c.compare.add_start != kNone && c.compare.add_end == builder_.position() && oh.add_branch[0][0][0]) {
      truncate(c.compare.add_start);
      const size_t i = emit(oh.add_branch[c.compare.imm][negate][check], 4);
      builder_.set32(i, 0, c.compare.lhs);
      builder_.set32(i, 2, c.compare.add_src);
      builder_.set32(i, 3, c.compare.add_imm);
      builder_.set32(i, 4, c.compare.imm ? static_cast<uint32_t>(c.compare.imm_bits) : c.compare.rhs);
      return i;
    }
    size_t i;
    if (c.compare.unary) {
      i = emit(oh.branch_reg[negate][check], 2);
    } else if (c.compare.imm) {
      i = emit(oh.branch_imm[negate][check], 3);
      if (c.compare.imm64) builder_.set64(i, 2, c.compare.imm_bits);
      else builder_.set32(i, 2, static_cast<uint32_t>(c.compare.imm_bits));
    } else {
      i = emit(oh.branch_reg[negate][check], 3);
      builder_.set32(i, 2, c.compare.rhs);
    }
    builder_.set32(i, 0, c.compare.lhs);
    return i;
  }

  std::pair<std::span<const ValType>, std::span<const ValType>> block_signature(const binary::BlockType& bt) const {
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
  Control& open(Control::Kind kind, const binary::BlockType& bt) {
    auto [params, results] = block_signature(bt);
    Control c;
    c.kind = kind;
    c.stack_size = stack_.size() - params.size();
    c.floor = c.stack_size;
    c.base_cell = params.empty() ? top_end() : stack_[c.stack_size].home;
    c.label_cell = c.base_cell;
    c.params = params;
    c.results = results;
    ctrl_.push_back(std::move(c));
    return ctrl_.back();
  }

  void on_block(const Instr& in) {
    materialize_all();
    at_label();
    open(Control::Kind::Block, in.block);
  }
  void on_loop(const Instr& in) {
    materialize_all();
    at_label();
    Control& c = open(Control::Kind::Loop, in.block);
    c.loop_start = builder_.position();
  }
  void on_if(const Instr& in) {
    const Condition cond = pop_condition();
    materialize_all();
    const size_t branch = emit_conditional(cond, false, false);
    Control& c = open(Control::Kind::If, in.block);
    c.else_fixup = {branch, 1};
    if (!c.params.empty()) {
      // The else arm needs the parameters too: the then arm works on copies above them.
      const size_t n = c.params.size();
      c.floor = c.stack_size + n;
      for (size_t k = 0; k < n; ++k) {
        const Operand original = stack_[c.stack_size + k];
        Operand& copy = push_temp(original.type);
        emit_copy(copy.home, original.home, original.type);
      }
      ctrl_.back().label_cell = stack_[c.stack_size + n].home;
    }
    at_label();
  }
  void on_else() {
    Control& c = ctrl_.back();
    if (!c.unreachable) {
      emit_moves(moves_for(c.results, c.label_cell));
      const size_t i = emit(h_.jump[0], 2);
      c.fixups.push_back({i, 0});
    }
    builder_.set_branch(c.else_fixup.instr, c.else_fixup.field, builder_.position());
    c.else_fixup.instr = kNone;
    c.seen_else = true;
    c.unreachable = false;
    stack_.resize(c.stack_size + c.params.size());
    c.floor = c.stack_size;
    at_label();
  }
  void on_end() {
    if (ctrl_.back().kind == Control::Kind::If && !ctrl_.back().seen_else && !ctrl_.back().params.empty())
      on_else();  // the implicit else passes the parameters through
    Control& c = ctrl_.back();
    if (c.kind == Control::Kind::Function) {
      if (!c.unreachable) {
        retarget_single_result();
        emit_moves(moves_for(c.results, 0));
        emit(h_.ret, 1);
      }
      ctrl_.pop_back();
      return;
    }
    const uint32_t result_cell = c.kind == Control::Kind::Loop ? c.base_cell : c.label_cell;
    if (!c.unreachable) emit_moves(moves_for(c.results, result_cell));
    const size_t here = builder_.position();
    for (const Fixup& f : c.fixups) builder_.set_branch(f.instr, f.field, here);
    if (c.else_fixup.instr != kNone) builder_.set_branch(c.else_fixup.instr, c.else_fixup.field, here);
    Control done = std::move(ctrl_.back());
    ctrl_.pop_back();
    stack_.resize(done.stack_size);
    at_label();
    for (ValType t : done.results) push_temp(t);
    if (result_cell != done.base_cell) {
      std::vector<Move> moves;
      uint32_t src = result_cell;
      for (size_t k = 0; k < done.results.size(); ++k) {
        const Operand& e = stack_[done.stack_size + k];
        for (uint32_t j = 0; j < cell_count(e.type); ++j) moves.push_back({e.home + j, false, src++, 0});
      }
      emit_moves(std::move(moves));
    }
  }

  void on_br(uint32_t depth) {
    Control& target = label(depth);
    emit_moves(moves_for(label_types(target), target.kind == Control::Kind::Function ? 0 : target.label_cell));
    emit_jump(target);
    set_unreachable();
  }
  void on_br_if(uint32_t depth) {
    const Condition cond = pop_condition();
    Control& target = label(depth);
    const bool is_function = target.kind == Control::Kind::Function;
    std::vector<Move> moves = moves_for(label_types(target), is_function ? 0 : target.label_cell);
    if (moves.empty() && !is_function) {
      const size_t i = emit_conditional(cond, true, target.kind == Control::Kind::Loop);
      link(i, 1, target);
      return;
    }
    const size_t skip = emit_conditional(cond, false, false);
    emit_moves(std::move(moves));
    emit_jump(target);
    builder_.set_branch(skip, 1, builder_.position());
    at_label();
  }
  void on_br_table(const Instr& in) {
    Operand index_entry = pop();
    const uint32_t index = cell(index_entry);
    const uint32_t count = static_cast<uint32_t>(in.br_targets.size());
    std::vector<uint32_t> depths(in.br_targets.begin(), in.br_targets.end());
    depths.push_back(in.br_default);
    bool any_loop = false;
    for (uint32_t d : depths) any_loop |= label(d).kind == Control::Kind::Loop;
    const unsigned fields = 2 + count + 1;
    const size_t instr = emit(h_.br_table[any_loop], 1 + (fields + 1) / 2);
    builder_.set32(instr, 0, index);
    builder_.set32(instr, 1, count);
    std::vector<std::pair<unsigned, uint32_t>> stubs;
    for (unsigned k = 0; k <= count; ++k) {
      Control& target = label(depths[k]);
      const bool is_function = target.kind == Control::Kind::Function;
      if (!is_function && moves_for(label_types(target), target.label_cell).empty()) link(instr, 2 + k, target);
      else stubs.push_back({2 + k, depths[k]});
    }
    for (auto [field, depth] : stubs) {
      Control& target = label(depth);
      builder_.set_branch(instr, field, builder_.position());
      emit_moves(moves_for(label_types(target), target.kind == Control::Kind::Function ? 0 : target.label_cell));
      emit_jump(target);
    }
    set_unreachable();
  }
  void on_return() {
    retarget_single_result();
    emit_moves(moves_for(ctrl_.front().results, 0));
    emit(h_.ret, 1);
    set_unreachable();
  }

  // Before a return: a single result computed by the instruction just emitted is written
  // straight into cell 0, where results go; the frame is left right after, so nothing else
  // reads what cell 0 held.
  void retarget_single_result() {
    const auto& results = ctrl_.front().results;
    if (results.size() != 1 || results[0] == ValType::V128 || stack_.empty()) return;
    Operand& e = stack_.back();
    if (e.kind != Operand::Kind::Temp || last_dst_instr_ == kNone || last_dst_end_ != builder_.position() ||
        e.home != last_dst_home())
      return;
    builder_.set32(last_dst_instr_, 0, 0);
    e.kind = Operand::Kind::Local;  // now read from cell 0
    e.local = 0;
    last_dst_instr_ = kNone;
  }

  // ---- calls ----
  uint32_t prepare_args(size_t n) {
    const uint32_t base = n ? stack_[stack_.size() - n].home : top_end();
    for (size_t k = stack_.size() - n; k < stack_.size(); ++k) materialize(stack_[k]);
    stack_.resize(stack_.size() - n);
    return base;
  }
  void on_call(uint32_t func_index) {
    const FuncType& type = module_.func_type(func_index);
    const uint32_t args = prepare_args(type.params.size());
    if (func_index < module_.num_imported_funcs) {
      const size_t i = emit(h_.call_import, 2);
      builder_.set32(i, 0, args);
      builder_.set32(i, 1, func_index);
    } else {
      const size_t i = emit(h_.call, 3);
      builder_.set32(i, 0, args);
      builder_.set64(i, 2, reinterpret_cast<uintptr_t>(&code_.funcs[func_index - module_.num_imported_funcs]));
    }
    for (ValType t : type.results) push_temp(t);
  }
  void on_call_indirect(const Instr& in) {
    Operand index_entry = pop();
    const uint32_t index = cell(index_entry);
    const FuncType& type = module_.types[in.index];
    const uint32_t args = prepare_args(type.params.size());
    const size_t i = emit(h_.call_indirect[in.index2 == 0], 4);
    builder_.set32(i, 0, args);
    builder_.set32(i, 1, index);
    builder_.set32(i, 2, in.index2);
    builder_.set64(i, 4, reinterpret_cast<uintptr_t>(types_[in.index]));
    for (ValType t : type.results) push_temp(t);
  }

  // ---- variables ----
  void on_local_set(uint32_t index, bool tee) {
    const uint32_t target = local_cells_[index];
    // Pending reads of the local must see the old value.
    for (size_t k = 0; k + 1 < stack_.size(); ++k)
      if (stack_[k].kind == Operand::Kind::Local && stack_[k].local == target) materialize(stack_[k]);
    Operand value = pop();
    if (value.kind == Operand::Kind::Temp && last_dst_instr_ != kNone && last_dst_end_ == builder_.position() &&
        value.home == last_dst_home()) {
      builder_.set32(last_dst_instr_, 0, target);  // the producer writes the local directly
    } else if (value.kind == Operand::Kind::Const) {
      emit_const(target, value);
    } else {
      emit_copy(target, value.kind == Operand::Kind::Local ? value.local : value.home, value.type);
    }
    last_dst_instr_ = kNone;
    if (tee) push_local(index);
  }
  uint32_t last_dst_home() const {
    return builder_.get32(last_dst_instr_, 0);
  }

  // ---- instructions with a fixed signature ----
  bool on_fixed(const Instr& in) {
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
      const PendingAdd before = add_;
      const size_t i = emit(oh.imm, 3);
      builder_.set32(i, 0, dst);
      builder_.set32(i, 1, lhs_cell);
      const bool wide = wide_immediate(rhs.type);
      if (wide) builder_.set64(i, 2, rhs.bits[0]);
      else builder_.set32(i, 2, static_cast<uint32_t>(rhs.bits[0]));
      note_result(i);
      if (oh.branch_imm[0][0]) {
        compare_ = {i, builder_.position(), in.op, false, true, wide, lhs_cell, 0, dst, rhs.bits[0]};
        note_preceding_add(before, lhs_cell);
      }
      if (in.op == Op::I32Add) add_ = {i, builder_.position(), true, lhs_cell, static_cast<uint32_t>(rhs.bits[0]), dst};
      if (const int k = shift_kind(in.op); k >= 0)
        shift_ = {i, builder_.position(), static_cast<ShiftKind>(k), lhs_cell, static_cast<uint32_t>(rhs.bits[0]) & 31, dst};
      return true;
    }
    if (arity == 2 && oh.with_load[0][0]) {
      const Operand& lhs = stack_[stack_.size() - 2];
      const Operand& rhs = stack_.back();
      const bool rhs_loaded = is_pending_load(rhs) && lhs.kind != Operand::Kind::Const;
      const bool lhs_loaded = !rhs_loaded && is_pending_load(lhs) && rhs.kind == Operand::Kind::Local;
      const bool rhs_load_added = !rhs_loaded && !lhs_loaded && is_pending_load_add(rhs) && lhs.kind != Operand::Kind::Const;
      const bool lhs_load_added = !rhs_loaded && !lhs_loaded && !rhs_load_added && is_pending_load_add(lhs) &&
                                  rhs.kind == Operand::Kind::Local;
      if (rhs_load_added || lhs_load_added) {
        const PendingLoadAdd load = load_add_;
        const Operand other = rhs_load_added ? lhs : rhs;
        const uint32_t other_cell = other.kind == Operand::Kind::Local ? other.local : other.home;
        pop();
        pop();
        truncate(load.start);
        const uint32_t dst = push_temp(result).home;
        const size_t i = emit_at(load.wasm_offset, oh.with_load_add[explicit_bounds_][lhs_load_added], 4);
        builder_.set32(i, 0, dst);
        builder_.set32(i, 1, other_cell);
        builder_.set32(i, 2, load.a);
        builder_.set32(i, 3, load.imm);
        builder_.set32(i, 4, load.offset);
        note_result(i);
        if (in.op == Op::F64Mul || in.op == Op::F32Mul)
          mul_load_ = {i, builder_.position(), lhs_load_added, result, other_cell, load.a, load.imm, load.offset, dst,
                       load.wasm_offset};
        return true;
      }
      if (rhs_loaded || lhs_loaded) {
        const PendingLoad load = load_;
        const Operand other = rhs_loaded ? lhs : rhs;
        // `other` is the result of a loaded mul emitted right before this load.
        PendingMulLoad inner;
        if (mul_load_.start != kNone && mul_load_.end == load.start && mul_load_.type == result &&
            other.kind == Operand::Kind::Temp && other.home == mul_load_.home)
          inner = mul_load_;
        const uint32_t other_cell = other.kind == Operand::Kind::Local ? other.local : other.home;
        pop();
        pop();
        truncate(load.start);
        const uint32_t dst = push_temp(result).home;
        const size_t i = emit_at(load.wasm_offset, oh.with_load[explicit_bounds_][lhs_loaded], 3);
        builder_.set32(i, 0, dst);
        builder_.set32(i, 1, other_cell);
        builder_.set32(i, 2, load.addr);
        builder_.set32(i, 3, load.offset);
        note_result(i);
        with_load_ = {i, builder_.position(), full_store(result), &oh, lhs_loaded, other_cell, load.addr, load.offset, dst,
                      load.wasm_offset, inner};
        if (in.op == Op::F64Mul || in.op == Op::F32Mul)
          mul_load_ = {i, builder_.position(), lhs_loaded, result, other_cell, load.addr, 0, load.offset, dst,
                       load.wasm_offset};
        return true;
      }
    }
    if (arity == 2 && oh.with_shift[0]) {  // commutative ops only
      const Operand& lhs = stack_[stack_.size() - 2];
      const Operand& rhs = stack_.back();
      const bool rhs_shifted = is_pending_shift(rhs) && lhs.kind != Operand::Kind::Const;
      const bool lhs_shifted = !rhs_shifted && is_pending_shift(lhs) && rhs.kind == Operand::Kind::Local;
      if (rhs_shifted || lhs_shifted) {
        const PendingShift shift = shift_;
        const Operand other = rhs_shifted ? lhs : rhs;
        const uint32_t other_cell = other.kind == Operand::Kind::Local ? other.local : other.home;
        pop();
        pop();
        truncate(shift.start);
        const uint32_t dst = push_temp(result).home;
        const size_t i = emit(oh.with_shift[shift.kind], 3);
        builder_.set32(i, 0, dst);
        builder_.set32(i, 1, other_cell);
        builder_.set32(i, 2, shift.value);
        builder_.set32(i, 3, shift.amount);
        note_result(i);
        return true;
      }
    }
    if (arity == 2 && oh.chain[0][0] && fuse_chain(oh, result)) return true;
    uint32_t cells[3] = {0, 0, 0};
    for (size_t k = arity; k-- > 0;) {
      Operand e = pop();
      cells[k] = cell(e);
    }
    // Materializing popped constants wrote their homes, which are at or above the result's.
    const uint32_t dst = push_temp(result).home;
    if (in.op == Op::I32Add && reg_add_start_ != kNone && reg_add_end_ == builder_.position()) {
      // Joins the i32.add of cells just emitted (no label between): one dispatch for both.
      const size_t prev = reg_add_start_;
      const uint32_t d1 = builder_.get32(prev, 0), a1 = builder_.get32(prev, 1), b1 = builder_.get32(prev, 2);
      truncate(prev);
      const size_t i = emit_with(h_.add_pair, 4, {dst, cells[0], cells[1], d1, a1, b1});
      note_result(i);  // field 0 is this add's result, so it can still be retargeted
      return true;
    }
    const PendingAdd before = add_;
    const size_t i = emit(oh.reg, oh.slots);
    builder_.set32(i, 0, dst);
    for (size_t k = 0; k < arity; ++k) builder_.set32(i, static_cast<unsigned>(1 + k), cells[k]);
    if (info.imm == Imm::Lane) builder_.set32(i, static_cast<unsigned>(1 + arity), in.lane);
    if (info.imm == Imm::Shuffle) std::memcpy(builder_.at(i + 3), in.constant.v128().bytes, 16);
    note_result(i);
    if (oh.branch_reg[0][0]) {
      compare_ = {i, builder_.position(), in.op, arity == 1, false, false, cells[0], cells[1], dst, 0};
      if (arity == 2) note_preceding_add(before, cells[0]);
    }
    if (in.op == Op::I32Add) {
      add_ = {i, builder_.position(), false, cells[0], cells[1], dst};
      reg_add_start_ = i;
      reg_add_end_ = builder_.position();
    }
    if (arity == 2 && oh.op_store[0])
      binary_ = {i, builder_.position(), full_store(result), &oh, cells[0], cells[1], dst, chain_kind(in.op), result};
    return true;
  }

  bool on_memory(const Instr& in, const binary::OpInfo& info, const OpHandlers& oh, const FixedSig& sig) {
    const Handler h = oh.memory[explicit_bounds_];
    if (!h) return unsupported(info);
    const uint32_t offset = static_cast<uint32_t>(in.mem.offset);
    const bool is_load = sig.has_result;
    if (info.imm == Imm::MemArg) {
      if (is_load && oh.memory_add[0][0] && fuse_add_address(stack_.back())) {  // scalar loads only have fused forms
        const PendingAdd add = add_;
        pop();
        truncate(add.start);
        const uint32_t dst = push_temp(sig.result).home;
        const size_t i = emit(oh.memory_add[explicit_bounds_][add.imm], 3);
        builder_.set32(i, 0, dst);
        builder_.set32(i, 1, add.lhs);
        builder_.set32(i, 2, add.rhs);
        builder_.set32(i, 3, offset);
        note_result(i);
        if (add.imm && (in.op == Op::I32Load || in.op == Op::I64Load || in.op == Op::F32Load || in.op == Op::F64Load))
          load_add_ = {i, builder_.position(), add.lhs, add.rhs, offset, dst, wasm_offset_};
        return true;
      }
      if (!is_load && fuse_store_of_result(in.op, offset)) return true;
      if (!is_load && oh.memory_add[0][0]) {
        const Operand& v = stack_.back();
        const bool const_value = v.kind == Operand::Kind::Const && v.type == ValType::I32 && oh.store_add_const[0][0];
        const bool fuse = fuse_add_address(stack_[stack_.size() - 2]);
        if (const_value || (fuse && v.kind == Operand::Kind::Local)) {
          const PendingAdd add = add_;
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
          const size_t i = emit(const_value ? oh.store_add_const[explicit_bounds_][imm] : oh.memory_add[explicit_bounds_][imm], 3);
          builder_.set32(i, 0, lhs);
          builder_.set32(i, 1, rhs);
          builder_.set32(i, 2, const_value ? static_cast<uint32_t>(value.bits[0]) : value.local);
          builder_.set32(i, 3, offset);
          return true;
        }
      }
      if (is_load) {
        Operand a = pop();
        const uint32_t addr = cell(a);
        const uint32_t dst = push_temp(sig.result).home;
        const size_t i = emit(h, 3);
        builder_.set32(i, 0, dst);
        builder_.set32(i, 1, addr);
        builder_.set32(i, 2, offset);
        note_result(i);
        if (in.op == Op::I32Load || in.op == Op::I64Load || in.op == Op::F32Load || in.op == Op::F64Load)
          load_ = {i, builder_.position(), addr, offset, dst, wasm_offset_};
      } else {
        Operand v = pop();
        Operand a = pop();
        const uint32_t value = cell(v), addr = cell(a);
        const size_t i = emit(h, 3);
        builder_.set32(i, 0, addr);
        builder_.set32(i, 1, value);
        builder_.set32(i, 2, offset);
      }
      return true;
    }
    Operand v = pop();
    Operand a = pop();
    const uint32_t vec = cell(v), addr = cell(a);
    if (is_load) {
      const uint32_t dst = push_temp(ValType::V128).home;
      const size_t i = emit(h, 4);
      builder_.set32(i, 0, dst);
      builder_.set32(i, 1, addr);
      builder_.set32(i, 2, offset);
      builder_.set32(i, 3, vec);
      builder_.set32(i, 4, in.lane);
      note_result(i);
    } else {
      const size_t i = emit(h, 3);
      builder_.set32(i, 0, addr);
      builder_.set32(i, 1, vec);
      builder_.set32(i, 2, offset);
      builder_.set32(i, 3, in.lane);
    }
    return true;
  }

  // A full-width store of the binary op just emitted (op_store), or of a with_load op back to
  // the address it loaded from (rmw). Returns whether it emitted the fused form.
  bool fuse_store_of_result(Op store, uint32_t offset) {
    const Operand& v = stack_.back();
    const Operand& a = stack_[stack_.size() - 2];
    if (v.kind != Operand::Kind::Temp || a.kind == Operand::Kind::Const) return false;
    const uint32_t addr = a.kind == Operand::Kind::Local ? a.local : a.home;
    const size_t here = builder_.position();
    if (with_load_.start != kNone && with_load_.end == here && v.home == with_load_.home && with_load_.store == store &&
        with_load_.addr == addr && with_load_.offset == offset) {
      const PendingWithLoad w = with_load_;
      pop();
      pop();
      if (w.inner.start != kNone && w.inner.end == w.start && w.handlers->rmw_mul[0][0][0][0]) {
        // op([addr], x * [b]): the mul, the load it feeds and the store in one dispatch.
        const PendingMulLoad m = w.inner;
        truncate(m.start);
        // The inner load traps first.
        const size_t i =
            emit_at(m.wasm_offset, w.handlers->rmw_mul[explicit_bounds_][w.lhs_loaded][m.lhs_loaded][m.imm != 0], 4);
        // The outer load's checks report ip + 1.
        pc_map_.push_back({static_cast<uint32_t>(i + 1 - start_), w.wasm_offset});
        builder_.set32(i, 0, addr);
        builder_.set32(i, 1, m.x);
        builder_.set32(i, 2, m.a);
        builder_.set32(i, 3, m.imm);
        builder_.set32(i, 4, offset);
        builder_.set32(i, 5, m.offset);
        return true;
      }
      truncate(w.start);
      // The load traps first, and the store cannot after it.
      const size_t i = emit_at(w.wasm_offset, w.handlers->rmw[explicit_bounds_][w.lhs_loaded], 3);
      builder_.set32(i, 0, addr);
      builder_.set32(i, 1, w.other);
      builder_.set32(i, 2, offset);
      return true;
    }
    if (binary_.start != kNone && binary_.end == here && v.home == binary_.home && binary_.store == store) {
      const PendingBinary b = binary_;
      pop();
      pop();
      truncate(b.start);
      const size_t i = emit(b.handlers->op_store[explicit_bounds_], 3);  // only the store part can trap
      builder_.set32(i, 0, addr);
      builder_.set32(i, 1, b.a);
      builder_.set32(i, 2, b.b);
      builder_.set32(i, 3, offset);
      return true;
    }
    return false;
  }

  // op(x, inner(a, b)) when one operand is the result of the f32/f64 add/sub/mul just emitted.
  bool fuse_chain(const OpHandlers& oh, ValType result) {
    if (binary_.start == kNone || binary_.end != builder_.position() || binary_.chain < 0 || binary_.type != result)
      return false;
    const Operand& lhs = stack_[stack_.size() - 2];
    const Operand& rhs = stack_.back();
    const auto is_inner = [&](const Operand& e) { return e.kind == Operand::Kind::Temp && e.home == binary_.home; };
    const bool inner_rhs = is_inner(rhs) && lhs.kind != Operand::Kind::Const;
    const bool inner_lhs = !inner_rhs && is_inner(lhs) && rhs.kind != Operand::Kind::Const;
    if (!inner_rhs && !inner_lhs) return false;
    const PendingBinary b = binary_;
    const Operand other = inner_rhs ? lhs : rhs;
    const uint32_t x = other.kind == Operand::Kind::Local ? other.local : other.home;
    pop();
    pop();
    truncate(b.start);
    const uint32_t dst = push_temp(result).home;
    const size_t i = emit(oh.chain[b.chain][inner_lhs], 3);
    builder_.set32(i, 0, dst);
    builder_.set32(i, 1, x);
    builder_.set32(i, 2, b.a);
    builder_.set32(i, 3, b.b);
    note_result(i);
    return true;
  }

  // Whether `e` is the value of the full-width load from a fused i32.add just emitted.
  bool is_pending_load_add(const Operand& e) const {
    return e.kind == Operand::Kind::Temp && load_add_.start != kNone && load_add_.end == builder_.position() &&
           e.home == load_add_.home;
  }

  // Whether `e` is the result of the constant shift just emitted.
  bool is_pending_shift(const Operand& e) const {
    return e.kind == Operand::Kind::Temp && shift_.start != kNone && shift_.end == builder_.position() &&
           e.home == shift_.home;
  }

  // Whether `e` is the value of the full-width load just emitted.
  bool is_pending_load(const Operand& e) const {
    return e.kind == Operand::Kind::Temp && load_.start != kNone && load_.end == builder_.position() &&
           e.home == load_.home;
  }

  // Whether `e` is the result of the i32.add just emitted, so an access can compute the sum itself.
  bool fuse_add_address(const Operand& e) const {
    return e.kind == Operand::Kind::Temp && add_.start != kNone && add_.end == builder_.position() &&
           e.home == add_.home;
  }

  // Pops `n` operands into cells (in stack order).
  template <size_t N>
  std::array<uint32_t, N> pop_cells() {
    std::array<uint32_t, N> cells{};
    for (size_t k = N; k-- > 0;) {
      Operand e = pop();
      cells[k] = cell(e);
    }
    return cells;
  }
  size_t emit_with(Handler h, unsigned slots, std::initializer_list<uint32_t> fields) {
    const size_t i = emit(h, slots);
    unsigned f = 0;
    for (uint32_t v : fields) builder_.set32(i, f++, v);
    return i;
  }

  // Returns false for an instruction the interpreter lacks (unsupported_ names it).
  bool translate_instr(const Instr& in);
  bool unsupported(const binary::OpInfo& info) {
    unsupported_ = &info;
    return false;
  }
  const binary::OpInfo* unsupported_ = nullptr;

  const binary::Module& module_;
  ModuleCode& code_;
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
  std::vector<Control>& ctrl_;
  std::vector<PcMapEntry>& pc_map_;
  size_t dead_depth_ = 0;
  PendingCompare compare_;
  PendingAdd add_;
  PendingLoad load_;
  PendingShift shift_;
  PendingLoadAdd load_add_;
  size_t copy_start_ = kNone, copy_end_ = kNone;  // a one-cell copy just emitted
  PendingBinary binary_;
  PendingWithLoad with_load_;
  PendingMulLoad mul_load_;
  size_t reg_add_start_ = kNone, reg_add_end_ = kNone;  // an i32.add of two cells just emitted
  size_t last_dst_instr_ = kNone;
  size_t last_dst_end_ = kNone;
};

bool FunctionTranslator::translate_instr(const Instr& in) {
  switch (in.op) {
    case Op::Unreachable:
      emit(h_.unreachable, 1);
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
      const size_t i = emit_with(t == ValType::V128 ? h_.select2 : h_.select, 3, {dst, a, b, c});
      note_result(i);
      return true;
    }
    case Op::LocalGet: push_local(in.index); return true;
    case Op::LocalSet: on_local_set(in.index, false); return true;
    case Op::LocalTee: on_local_set(in.index, true); return true;
    case Op::GlobalGet: {
      const ValType t = module_.global_types[in.index].type;
      const uint32_t dst = push_temp(t).home;
      note_result(emit_with(t == ValType::V128 ? h_.global_get2 : h_.global_get, 2, {dst, in.index}));
      return true;
    }
    case Op::GlobalSet: {
      const ValType t = module_.global_types[in.index].type;
      auto [v] = pop_cells<1>();
      emit_with(t == ValType::V128 ? h_.global_set2 : h_.global_set, 2, {v, in.index});
      return true;
    }
    case Op::TableGet: {
      auto [index] = pop_cells<1>();
      const uint32_t dst = push_temp(module_.tables[in.index].elem).home;
      note_result(emit_with(h_.table_get, 3, {dst, index, in.index}));
      return true;
    }
    case Op::TableSet: {
      auto [index, value] = pop_cells<2>();
      emit_with(h_.table_set, 3, {index, value, in.index});
      return true;
    }
    case Op::MemorySize: {
      const uint32_t dst = push_temp(ValType::I32).home;
      note_result(emit_with(h_.memory_size, 2, {dst}));
      return true;
    }
    case Op::MemoryGrow: {
      auto [delta] = pop_cells<1>();
      const uint32_t dst = push_temp(ValType::I32).home;
      note_result(emit_with(h_.memory_grow, 2, {dst, delta}));
      return true;
    }
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
    case Op::RefIsNull: {
      auto [a] = pop_cells<1>();
      const uint32_t dst = push_temp(ValType::I32).home;
      note_result(emit_with(h_.ref_is_null, 2, {dst, a}));
      return true;
    }
    case Op::RefFunc: {
      const uint32_t dst = push_temp(ValType::FuncRef).home;
      note_result(emit_with(h_.ref_func, 2, {dst, in.index}));
      return true;
    }
    case Op::MemoryInit: {
      auto [d, s, n] = pop_cells<3>();
      emit_with(h_.memory_init, 3, {d, s, n, in.index});
      return true;
    }
    case Op::DataDrop: emit_with(h_.data_drop, 2, {in.index}); return true;
    case Op::MemoryCopy: {
      auto [d, s, n] = pop_cells<3>();
      emit_with(h_.memory_copy, 3, {d, s, n});
      return true;
    }
    case Op::MemoryFill: {
      auto [d, v, n] = pop_cells<3>();
      emit_with(h_.memory_fill, 3, {d, v, n});
      return true;
    }
    case Op::TableInit: {
      auto [d, s, n] = pop_cells<3>();
      emit_with(h_.table_init, 4, {d, s, n, in.index2, in.index});
      return true;
    }
    case Op::ElemDrop: emit_with(h_.elem_drop, 2, {in.index}); return true;
    case Op::TableCopy: {
      auto [d, s, n] = pop_cells<3>();
      emit_with(h_.table_copy, 4, {d, s, n, in.index, in.index2});
      return true;
    }
    case Op::TableGrow: {
      auto [init, delta] = pop_cells<2>();
      const uint32_t dst = push_temp(ValType::I32).home;
      note_result(emit_with(h_.table_grow, 3, {dst, init, delta, in.index}));
      return true;
    }
    case Op::TableSize: {
      const uint32_t dst = push_temp(ValType::I32).home;
      note_result(emit_with(h_.table_size, 2, {dst, in.index}));
      return true;
    }
    case Op::TableFill: {
      auto [start, value, n] = pop_cells<3>();
      emit_with(h_.table_fill, 3, {start, value, n, in.index});
      return true;
    }
    default: return on_fixed(in);
  }
}

Result<void> FunctionTranslator::run() {
  const uint32_t func_index = module_.num_imported_funcs + defined_index_;
  const FuncType& type = module_.func_type(func_index);
  const binary::FunctionBody& body = module_.codes[defined_index_];

  uint32_t cells = 0;
  for (ValType t : type.params) {
    local_types_.push_back(t);
    local_cells_.push_back(cells);
    cells += cell_count(t);
  }
  const uint32_t param_cells = cells;
  for (const binary::LocalDecl& d : body.locals)
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
  fn.results = type.results;
  ctrl_.push_back(std::move(fn));

  ValidReader reader(module_.body(defined_index_), body.body_offset);
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

  func_.pc_map.assign(pc_map_.begin(), pc_map_.end());
  func_.code_slots = static_cast<uint32_t>(builder_.position() - start_);
  func_.param_cells = param_cells;
  func_.local_cells = stack_base_ - param_cells;
  func_.result_cells = result_cells;
  func_.frame_cells = std::max({max_end_, result_cells, stack_base_});
  func_.func_index = func_index;
  func_.module_code = &code_;
  return {};
}

}  // namespace

Result<void> translate_function(ModuleTranslation& m, uint32_t defined_index) {
  if (!m.scratch) m.scratch.reset(new TranslatorScratch);
  FunctionTranslator t(m, defined_index);
  return t.run();
}

}  // namespace stratus::exec
