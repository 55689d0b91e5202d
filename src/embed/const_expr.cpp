#include "embed/const_expr.hpp"

#include <string>
#include <vector>

#include "binary/const_expr.hpp"
#include "validate/op_table.hpp"

namespace stratus::detail {

namespace {

using Kind = binary::ConstExpr::Kind;

Error bad_expression(uint32_t offset, std::string_view why) {
  return Error(ErrorKind::Invalid, "constant expression at offset " + std::to_string(offset) + " " + std::string(why));
}

Result<Val> eval_operand(const binary::ConstExpr& expr, const exec::ModuleInst& instance) {
  switch (expr.kind) {
    case Kind::RefFunc:
      if (expr.index >= instance.func_count) break;
      return Val::funcref(Ref{instance.func(expr.index)});
    case Kind::GlobalGet: {
      if (!instance.module || !instance.globals || expr.index >= instance.module->global_types.size()) break;
      return exec::val_from_cells(instance.module->global_types[expr.index].type, instance.global_cells(expr.index));
    }
    default: return expr.value();
  }
  return bad_expression(expr.offset, "refers to an unknown index");
}

// Integer arithmetic wraps, as the instructions do in a function body: computed unsigned.
Result<Val> arithmetic(binary::Op op, const Val& a, const Val& b) {
  using binary::Op;
  const uint32_t a32 = static_cast<uint32_t>(a.i32()), b32 = static_cast<uint32_t>(b.i32());
  const uint64_t a64 = static_cast<uint64_t>(a.i64()), b64 = static_cast<uint64_t>(b.i64());
  switch (op) {
    case Op::I32Add: return Val::i32(static_cast<int32_t>(a32 + b32));
    case Op::I32Sub: return Val::i32(static_cast<int32_t>(a32 - b32));
    case Op::I32Mul: return Val::i32(static_cast<int32_t>(a32 * b32));
    case Op::I64Add: return Val::i64(static_cast<int64_t>(a64 + b64));
    case Op::I64Sub: return Val::i64(static_cast<int64_t>(a64 - b64));
    case Op::I64Mul: return Val::i64(static_cast<int64_t>(a64 * b64));
    default: return Error(ErrorKind::Invalid, "not constant arithmetic");
  }
}

Result<Val> eval_sequence(const binary::ConstExpr& expr, const exec::ModuleInst& instance) {
  if (!instance.module) return bad_expression(expr.offset, "has no module to be read from");
  binary::ConstExprReader reader(*instance.module, expr);
  std::vector<Val> stack;
  for (;;) {
    auto step = reader.next();
    if (!step) return step.error();
    switch (step->kind) {
      case binary::ConstStep::Kind::End:
        if (stack.size() != 1) return bad_expression(expr.offset, "does not leave exactly one value");
        return stack.back();
      case binary::ConstStep::Kind::NotConstant:
        return bad_expression(expr.offset, "is not constant");
      case binary::ConstStep::Kind::Operand: {
        auto value = eval_operand(step->operand, instance);
        if (!value) return value.error();
        stack.push_back(*value);
        break;
      }
      case binary::ConstStep::Kind::Arithmetic: {
        const validate::OpSig& sig = validate::kOpSigs[static_cast<size_t>(step->op)];
        if (stack.size() < 2 || stack[stack.size() - 2].type() != sig.params[0] ||
            stack[stack.size() - 1].type() != sig.params[1]) {
          return bad_expression(expr.offset, "is not typed");
        }
        auto value = arithmetic(step->op, stack[stack.size() - 2], stack[stack.size() - 1]);
        if (!value) return value.error();
        stack.pop_back();
        stack.back() = *value;
        break;
      }
    }
  }
}

}  // namespace

Result<Val> eval_const(const binary::ConstExpr& expr, const exec::ModuleInst& instance) {
  if (expr.kind == Kind::Sequence) return eval_sequence(expr, instance);
  return eval_operand(expr, instance);
}

}  // namespace stratus::detail
