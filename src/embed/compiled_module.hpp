// A module after compile(): immutable, shared by every Store that instantiates it.
#pragma once

#include <memory>
#include <vector>

#include "binary/module.hpp"
#include "stratus/engine.hpp"
#include "stratus/module.hpp"
#include "stratus/result.hpp"
#include "stratus/types.hpp"

namespace stratus::exec { struct ModuleCode; }

namespace stratus::detail {

struct CompiledModule {
  // Held so the interned types below outlive every engine handle the embedder drops.
  Engine engine;
  binary::Module module;
  std::shared_ptr<const exec::ModuleCode> code;
  // module.types.distinct() interned in the engine's registry: type index i is types[module.types.id(i)]
  std::vector<const FuncType*> types;
};

// What Module::imports() says of import `index`, made alone: a linker resolving 100,000
// imports holds one at a time, not all of them.
ImportDesc import_desc(const CompiledModule& cm, size_t index);

// Module::compile for a module the caller has decoded and validated itself (a component's
// validator validates each core module it embeds; decoding and validating them again cost a
// quarter of an adapted command's start-up). A module that was not validated must never come
// here: the translator assumes valid code.
Result<Module> compile_prevalidated(const Engine& engine, binary::Module&& decoded);

}  // namespace stratus::detail
