#include "validate/const_expr.hpp"

#include <string>

#include "validate/messages.hpp"

namespace stratus::validate {

using Kind = binary::ConstExpr::Kind;

Result<void> check_const_expr(const binary::Module& m, const binary::ConstExpr& expr, ValType expected) {
  if (expr.non_constant) return invalid(at_offset(expr.offset, "constant expression required"));
  if (expr.instr_count != 1) {
    return invalid(at_offset(expr.offset, "type mismatch: a constant expression must leave exactly one value, not " +
                                              std::to_string(expr.instr_count)));
  }
  ValType actual = ValType::I32;
  switch (expr.kind) {
    case Kind::I32: actual = ValType::I32; break;
    case Kind::I64: actual = ValType::I64; break;
    case Kind::F32: actual = ValType::F32; break;
    case Kind::F64: actual = ValType::F64; break;
    case Kind::V128: actual = ValType::V128; break;
    case Kind::RefNull:
      actual = expr.null_type;
      if (!is_ref(actual)) return malformed(at_offset(expr.offset, "ref.null needs a reference type"));
      break;
    case Kind::RefFunc:
      if (expr.index >= m.func_types.size()) return invalid(at_offset(expr.offset, unknown("function", expr.index)));
      actual = ValType::FuncRef;
      break;
    case Kind::GlobalGet: {
      // Only imported globals are visible to constant expressions in Wasm 2.0.
      if (expr.index >= m.num_imported_globals || expr.index >= m.global_types.size()) {
        return invalid(at_offset(expr.offset, unknown("global", expr.index)));
      }
      const GlobalType& g = m.global_types[expr.index];
      if (g.mut) {
        return invalid(at_offset(expr.offset, "constant expression required: global.get of mutable global " +
                                                  std::to_string(expr.index)));
      }
      actual = g.type;
      break;
    }
    default:
      return invalid(at_offset(expr.offset, "constant expression required"));
  }
  if (actual != expected) {
    std::string reason = "type mismatch: constant expression has type ";
    reason.append(type_name(static_cast<uint8_t>(actual)));
    reason.append(" but ");
    reason.append(type_name(static_cast<uint8_t>(expected)));
    reason.append(" is required");
    return invalid(at_offset(expr.offset, reason));
  }
  return {};
}

}  // namespace stratus::validate
