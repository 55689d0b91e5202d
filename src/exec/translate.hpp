// Validated function bodies -> the interpreter's internal code.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "binary/module.hpp"
#include "stratus/engine.hpp"
#include "stratus/result.hpp"

namespace stratus::exec {

struct ModuleCode;
struct CompiledFunc;  // defined in exec/interp/code.hpp
struct FuncInst;      // exec/objects.hpp
struct ModuleInst;
struct TranslateOptions {
  BoundsChecks bounds_checks = BoundsChecks::GuardPages;  // never Auto here
};

// `types` are the engine-interned types of module.types, for call_indirect checks.
// The module must already be validated.
Result<std::shared_ptr<const ModuleCode>> translate(const binary::Module& module,
                                                   const std::vector<const FuncType*>& types,
                                                   const TranslateOptions& options);

// Constructs, in one pass over raw memory, the FuncInsts of `instance`'s defined functions:
// `types[t]` is the interned type of type index t. Instantiation of a module with thousands
// of functions spends its time here, so the loop is kept tight.
void construct_defined_funcs(const ModuleCode& code, const FuncType* const* types, ModuleInst* instance,
                             std::span<FuncInst> out);

}  // namespace stratus::exec
