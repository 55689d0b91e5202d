// Validated function bodies -> the interpreter's internal code.
#pragma once

#include <memory>
#include <vector>

#include "binary/module.hpp"
#include "stratus/engine.hpp"
#include "stratus/result.hpp"

namespace stratus::exec {

struct ModuleCode;
struct CompiledFunc;  // defined in exec/interp/code.hpp
struct TranslateOptions {
  BoundsChecks bounds_checks = BoundsChecks::GuardPages;  // never Auto here
};

// `types` are the engine-interned types of module.types, for call_indirect checks.
// The module must already be validated.
Result<std::shared_ptr<const ModuleCode>> translate(const binary::Module& module,
                                                   const std::vector<const FuncType*>& types,
                                                   const TranslateOptions& options);

// The CompiledFunc of defined function `defined_index` (function index - imported count).
const CompiledFunc* compiled_func(const ModuleCode& code, uint32_t defined_index);

}  // namespace stratus::exec
