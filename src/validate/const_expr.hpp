// Constant expressions: global initializers and element/data segment offsets and items.
#pragma once

#include <string_view>

#include "binary/module.hpp"
#include "stratus/result.hpp"

namespace stratus::validate {

// Checks that `expr` is constant in Wasm 2.0 and has type `expected`. In 2.0 a global.get
// may only read an imported, immutable global;
Result<void> check_const_expr(const binary::Module& m, const binary::ConstExpr& expr, ValType expected);

}  // namespace stratus::validate
