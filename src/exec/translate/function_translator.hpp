// Translates one validated function body into register-machine code.
#pragma once

#include <vector>

#include "binary/instr.hpp"
#include "binary/module.hpp"
#include "exec/interp/code.hpp"
#include "exec/translate.hpp"
#include "stratus/result.hpp"

namespace stratus::exec {

struct ModuleTranslation {
  const binary::Module& module;
  ModuleCode& code;
  const TranslateOptions& options;
};

// Emits defined function `defined_index` at the end of `m.code.slots` and fills its CompiledFunc
// (except `code`, which is set once the buffer stops moving).
Result<void> translate_function(const ModuleTranslation& m, uint32_t defined_index);

}  // namespace stratus::exec
