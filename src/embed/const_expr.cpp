#include "embed/const_expr.hpp"

#include <string>

namespace stratus::detail {

Result<Val> eval_const(const binary::ConstExpr& expr, const exec::ModuleInst& instance) {
  using Kind = binary::ConstExpr::Kind;
  switch (expr.kind) {
    case Kind::RefFunc:
      if (expr.index >= instance.func_count) break;
      return Val::funcref(Ref{instance.func(expr.index)});
    case Kind::GlobalGet: {
      if (expr.index >= instance.globals.size()) break;
      const exec::GlobalInst& g = *instance.globals[expr.index];
      return exec::val_from_cells(g.type.type, g.cells);
    }
    default: return expr.value();
  }
  return Error(ErrorKind::Invalid,
               "constant expression at offset " + std::to_string(expr.offset) + " refers to an unknown index");
}

}  // namespace stratus::detail
