// Constant expressions: global initializers and element/data segment offsets and items.
#pragma once

#include <cstdint>

#include "binary/module.hpp"
#include "stratus/result.hpp"

namespace stratus::validate {

// Checks that `expr` is constant, as Wasm 3.0 says, and has type `expected`. Constant are
// t.const, ref.null, ref.func, i32/i64 add, sub and mul (extended constants), and global.get
// of an immutable global whose index is below `visible_globals`: a global's initializer sees
// the imported globals and the globals defined before it, a segment sees them all.
Result<void> check_const_expr(const binary::Module& m, const binary::ConstExpr& expr, ValType expected,
                              uint64_t visible_globals);

}  // namespace stratus::validate
