#include "validate/const_expr.hpp"

#include <optional>
#include <string>
#include <vector>

#include "binary/const_expr.hpp"
#include "binary/limits.hpp"
#include "validate/messages.hpp"
#include "validate/op_table.hpp"

namespace stratus::validate {

namespace {

using Kind = binary::ConstExpr::Kind;

std::string_view name_of(ValType t) { return type_name(static_cast<uint8_t>(t)); }

// The type a single-instruction form pushes, or why it may not be read here.
Result<ValType> operand_type(const binary::Module& m, const binary::ConstExpr& expr, uint64_t visible_globals) {
  switch (expr.kind) {
    case Kind::I32: return ValType::I32;
    case Kind::I64: return ValType::I64;
    case Kind::F32: return ValType::F32;
    case Kind::F64: return ValType::F64;
    case Kind::V128: return ValType::V128;
    case Kind::RefNull:
      if (!is_ref(expr.null_type)) return malformed(at_offset(expr.offset, "ref.null needs a reference type"));
      return expr.null_type;
    case Kind::RefFunc:
      if (expr.index >= m.func_types.size()) return invalid(at_offset(expr.offset, unknown("function", expr.index)));
      return ValType::FuncRef;
    case Kind::GlobalGet: {
      if (expr.index >= visible_globals || expr.index >= m.global_types.size()) {
        return invalid(at_offset(expr.offset, unknown("global", expr.index)));
      }
      const GlobalType& g = m.global_types[expr.index];
      if (g.mut) {
        return invalid(at_offset(expr.offset, "constant expression required: global.get of mutable global " +
                                                  std::to_string(expr.index)));
      }
      return g.type;
    }
    case Kind::Sequence: break;
  }
  return invalid(at_offset(expr.offset, "constant expression required"));
}

Result<void> check_result(const binary::ConstExpr& expr, ValType actual, ValType expected) {
  if (actual == expected) return {};
  std::string reason = "type mismatch: constant expression has type ";
  reason.append(name_of(actual));
  reason.append(" but ");
  reason.append(name_of(expected));
  reason.append(" is required");
  return invalid(at_offset(expr.offset, reason));
}

// The reference interpreter first requires every instruction to be constant (reading each
// global.get's global) and then types the sequence, so a type error is held back until the
// last instruction is known to be constant.
Result<void> check_sequence(const binary::Module& m, const binary::ConstExpr& expr, ValType expected,
                            uint64_t visible_globals) {
  binary::ConstExprReader reader(m, expr);
  std::vector<ValType> stack;
  std::optional<std::string> type_error;
  for (;;) {
    auto step = reader.next();
    if (!step) return step.error();
    const std::string_view op_name = kOpNames[static_cast<size_t>(step->op)];
    switch (step->kind) {
      case binary::ConstStep::Kind::End:
        if (type_error) return invalid(*type_error);
        if (stack.size() != 1) {
          return invalid(at_offset(expr.offset, "type mismatch: a constant expression must leave exactly one value, not " +
                                                    std::to_string(stack.size())));
        }
        return check_result(expr, stack[0], expected);
      case binary::ConstStep::Kind::NotConstant:
        return invalid(at_offset(step->offset, "constant expression required: " + std::string(op_name) +
                                                   " is not a constant instruction"));
      case binary::ConstStep::Kind::Operand: {
        auto type = operand_type(m, step->operand, visible_globals);
        if (!type) return type.error();
        if (type_error) break;
        if (stack.size() == binary::kMaxConstExprOperands) {
          return invalid(at_offset(step->offset, "constant expression too deep: more than the implementation limit of " +
                                                     std::to_string(binary::kMaxConstExprOperands) + " operands"));
        }
        stack.push_back(*type);
        break;
      }
      case binary::ConstStep::Kind::Arithmetic: {
        if (type_error) break;
        const OpSig& sig = kOpSigs[static_cast<size_t>(step->op)];
        bool operands_fit = stack.size() >= sig.num_params;
        for (size_t i = 0; operands_fit && i < sig.num_params; ++i) {
          operands_fit = stack[stack.size() - sig.num_params + i] == sig.params[i];
        }
        if (!operands_fit) {
          type_error = at_offset(step->offset, "type mismatch: " + std::string(op_name) + " needs " +
                                                   std::to_string(sig.num_params) + " " +
                                                   std::string(name_of(sig.params[0])) + " operands");
          break;
        }
        stack.resize(stack.size() - sig.num_params);
        stack.push_back(sig.result);
        break;
      }
    }
  }
}

}  // namespace

Result<void> check_const_expr(const binary::Module& m, const binary::ConstExpr& expr, ValType expected,
                              uint64_t visible_globals) {
  if (expr.kind == Kind::Sequence) return check_sequence(m, expr, expected, visible_globals);
  auto type = operand_type(m, expr, visible_globals);
  if (!type) return type.error();
  return check_result(expr, *type, expected);
}

}  // namespace stratus::validate
