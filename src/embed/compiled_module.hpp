// A module after compile(): immutable, shared by every Store that instantiates it.
#pragma once

#include <memory>
#include <vector>

#include "binary/module.hpp"
#include "stratus/engine.hpp"
#include "stratus/module.hpp"
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

}  // namespace stratus::detail
