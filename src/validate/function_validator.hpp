// Type-checks one function body in a single pass, following the algorithm in the appendix
// of the WebAssembly 2.0 core spec: a stack of operand types and a stack of control frames,
// where a frame marked unreachable makes its part of the operand stack polymorphic.
//
// One FunctionValidator is reused for every body of a module so the stacks allocate only
// while they grow to the deepest function, never per instruction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "binary/instr.hpp"
#include "stratus/result.hpp"
#include "validate/context.hpp"
#include "validate/op_table.hpp"

namespace stratus::validate {

class FunctionValidator {
 public:
  explicit FunctionValidator(const ModuleContext& context) : ctx_(context) {}

  // `defined_index` is the function index minus the number of imported functions. The
  // module-level checks (type indices in range, codes match functions) must have passed.
  Result<void> validate(uint32_t defined_index);

 private:
  // A ValType's byte, or kUnknown for a value popped from a polymorphic stack.
  using Type = uint8_t;
  static constexpr Type kUnknown = 0;

  struct Types {
    const ValType* data = nullptr;
    uint32_t size = 0;
  };

  // 16 bytes, as a body may nest kMaxControlDepth frames: the signature is kept as the block
  // type (the function's own frame: its type index) and looked up when asked.
  struct Frame {
    binary::BlockType block;   // resolved by begin_block, so params_of / results_of cannot fail
    uint32_t height = 0;       // operand stack size when the frame was entered
    binary::Op kind = binary::Op::Block;  // Block (also the function itself), Loop, If, Else
    bool unreachable = false;  // after br/return/unreachable: stack below is polymorphic
  };
  static_assert(sizeof(Frame) <= 16, "a body may nest kMaxControlDepth frames");

  bool step(const binary::Instr& in);
  bool check_immediates(const binary::Instr& in);
  bool apply_sig(const OpSig& sig);

  bool begin_block(const binary::Instr& in);
  bool do_else();
  bool do_end();
  bool do_br_table(const binary::Instr& in);
  bool do_select();
  bool resolve_block_type(const binary::BlockType& bt, Types& params, Types& results);
  bool local_type(uint32_t index, ValType& out) const;

  // Operand stack, as in the spec's push_val / pop_val / pop_vals / push_vals.
  void push(ValType t) { push_type(static_cast<Type>(t)); }
  void push_type(Type t) {
    if (depth_ == vals_.size()) grow_stack();
    vals_[depth_++] = t;
  }
  void grow_stack();
  void push_types(Types ts);
  bool pop(Type& out);
  bool pop_expect(ValType expected);
  bool pop_types(Types ts);
  // Checks the top of the stack against `ts` without popping, as br_table needs per target.
  bool check_top(Types ts);
  void mark_unreachable();
  // The frame a branch of depth `depth` targets, or nullptr with an error recorded.
  const Frame* label(uint32_t depth);
  Types params_of(const Frame& f) const;
  Types results_of(const Frame& f) const;
  Types label_types(const Frame& f) const { return f.kind == binary::Op::Loop ? params_of(f) : results_of(f); }

  bool fail(std::string reason);
  bool fail_malformed(std::string reason);
  bool fail_mismatch(ValType expected, Type got);

  const ModuleContext& ctx_;
  // The operand stack is vals_[0, depth_); vals_ only grows, so popping never reallocates.
  std::vector<Type> vals_;
  uint32_t depth_ = 0;
  std::vector<Frame> ctrls_;
  // Params then declared locals, expanded when there are reasonably few; otherwise the
  // run-length declarations are searched, so a body declaring 2^32 locals costs nothing.
  std::vector<ValType> flat_locals_;
  struct LocalRun {
    uint64_t end;  // one past the last local index of this run
    ValType type;
  };
  std::vector<LocalRun> local_runs_;
  uint64_t total_locals_ = 0;
  binary::Instr instr_;
  uint32_t error_offset_ = 0;
  ErrorKind error_kind_ = ErrorKind::Invalid;
  std::string error_;
};

}  // namespace stratus::validate
