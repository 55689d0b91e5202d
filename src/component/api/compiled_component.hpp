// A component after Component::compile: its decoded form, the types validation resolved,
// and every core module inside it compiled by the core engine. Immutable and shared by every
// Store that instantiates it.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "component/binary/ast.hpp"
#include "component/abi/layout.hpp"
#include "component/types/types.hpp"
#include "stratus/engine.hpp"
#include "stratus/module.hpp"

namespace stratus::component::detail {

// One component's own types: the top-level component's from validation. A nested component
// is validated again on its own at compile time (validation does not report the types of
// nested components), which succeeds when it has no outer aliases; its functions are then
// typed by its own imports and exports, which is what calls between nested components need.
struct LevelTypes {
  std::shared_ptr<const TypeTables> types;
  std::shared_ptr<const abi::Layouts> layouts;
  ComponentTypeId type;
};

// The core modules of one component and, in the same shape as ast::Component::components,
// of each component nested in it.
struct CompiledLevel {
  std::vector<Module> core_modules;
  std::vector<CompiledLevel> components;
  std::optional<LevelTypes> own_types;
};

struct CompiledComponent {
  Engine engine;
  ast::Component ast;
  std::shared_ptr<const TypeTables> types;
  std::shared_ptr<const abi::Layouts> layouts;  // of every type in `types`
  ComponentTypeId type;    // the top-level component's imports and exports
  CompiledLevel compiled;
};

}  // namespace stratus::component::detail
