// Evaluating a module's constant expressions (global initializers, segment offsets and items)
// against a partially built instance.
#pragma once

#include "binary/module.hpp"
#include "exec/objects.hpp"
#include "stratus/result.hpp"

namespace stratus::detail {

// `instance` must already hold every function and every global the expression may name, and
// its `module` the bytes a Sequence lies in. Validation guarantees the indices and the
// shape, but a bad one is still an error rather than a crash.
Result<Val> eval_const(const binary::ConstExpr& expr, const exec::ModuleInst& instance);

}  // namespace stratus::detail
