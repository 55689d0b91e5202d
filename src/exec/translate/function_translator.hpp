// Translates one validated function body into register-machine code.
#pragma once

#include <memory>
#include <vector>

#include "binary/instr.hpp"
#include "binary/module.hpp"
#include "exec/interp/code.hpp"
#include "exec/translate.hpp"
#include "exec/translate/code_builder.hpp"
#include "stratus/result.hpp"

namespace stratus::exec {

// Buffers a translation reuses from one function to the next (defined in the .cpp).
struct TranslatorScratch;
struct TranslatorScratchDeleter { void operator()(TranslatorScratch* s) const; };

struct ModuleTranslation {
  const binary::Module& module;
  ModuleCode& code;
  const TranslateOptions& options;
  const std::vector<const FuncType*>& types;  // engine-interned, per type index
  CodeBuilder& builder;  // becomes code.slots
  std::unique_ptr<TranslatorScratch, TranslatorScratchDeleter> scratch;
};

// Emits defined function `defined_index` at the end of `m.builder` and fills its CompiledFunc
// (except `code`, which is set once the buffer stops moving).
Result<void> translate_function(ModuleTranslation& m, uint32_t defined_index);

}  // namespace stratus::exec
