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
struct FuncInst;      // exec/objects.hpp
struct ModuleInst;
struct TranslateOptions {
  BoundsChecks bounds_checks = BoundsChecks::GuardPages;  // never Auto here
};

// The code of a validated module, translated lazily: each function on its first call
// (ensure_translated), so compiling costs nothing per function but an entry of unbacked pages.
// `types` are the engine-interned types of module.types.distinct(), for call_indirect checks; `module`
// and `types` must outlive the code.
Result<std::shared_ptr<const ModuleCode>> translate(const binary::Module& module,
                                                   const std::vector<const FuncType*>& types,
                                                   const TranslateOptions& options);

// Defined function `defined_index` of `code`, translated now if it was not yet; any thread
// may call it at any time. Fails only when memory runs out (ErrorKind::Resource): the body
// was validated.
Result<const CompiledFunc*> ensure_translated(const ModuleCode& code, uint32_t defined_index);

// Every function of `code`, for the disassembler and whoever wants the cost paid up front.
Result<void> translate_all(const ModuleCode& code);

}  // namespace stratus::exec
