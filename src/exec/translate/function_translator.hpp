// Translates one validated function body into register-machine code.
#pragma once

#include <memory>
#include <span>
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
  const ModuleCode& code;  // only for the addresses of callees' CompiledFuncs
  const TranslateOptions& options;
  const std::vector<const FuncType*>& types;  // engine-interned, per distinct type (module.types.id)
  CodeBuilder& builder;  // receives the code
  std::unique_ptr<TranslatorScratch, TranslatorScratchDeleter> scratch;
};

// Emits defined function `defined_index` at the end of `m.builder` and describes it in `out`
// (except `code` and `module_code`, which its caller sets once the code stops moving).
Result<void> translate_function(ModuleTranslation& m, uint32_t defined_index, CompiledFunc& out);
// The pc map of the function translate_function emitted last, valid until the next one.
std::span<const PcMapEntry> translated_pc_map(const ModuleTranslation& m);

}  // namespace stratus::exec
