// What ComponentPre works out once, for every instance it will make: per component (the
// top-level one and, in the shape of ast::Component::components, each nested one) where each
// core instantiation's imports come from, by position (the argument, and the export of its
// instance), which export each core alias names, the names the views of imported functions
// carry, and how large each index space grows. An instance then looks up no name and builds no
// string. Each shortcut is checked against what the instance finds (the same module, positions
// in range), and where no plan could be made (a module known only at run time) the
// instantiation looks things up by name as before, so a plan changes no outcome.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "component/api/compiled_component.hpp"
#include "component/binary/ast.hpp"
#include "stratus/module.hpp"

namespace stratus::component::detail {

inline constexpr uint32_t kNotFound = UINT32_MAX;

// One core import: the argument it is taken from (a position in ast::CoreInstance::args, the
// last of its name) and the export of that argument's instance (a position in its module's
// exports or its inline exports, the first of its name); kNotFound where there is none, which
// the instantiation reports as it always did.
struct CoreImportSource {
  uint32_t arg = kNotFound;
  uint32_t item = kNotFound;
};

struct CoreInstancePlan {
  // The module instantiated; null: not known before run time (or inline exports).
  const Module* module = nullptr;
  // Per argument, the module its instance is of (null: inline exports), as the sources assume.
  std::vector<const Module*> arg_modules;
  std::vector<CoreImportSource> imports;  // by import index of `module`
};

// An import of a component with types of its own, as bind_imports binds it: its entry in the
// component's type and the names of the views of its functions ("import", "import#export").
struct ImportView {
  const ExternType* type = nullptr;  // null: the type does not name it (the item stays as it is)
  std::string name;
  std::string_view export_name;  // an instance export's name in its instance
  std::vector<ImportView> exports;  // an instance's, in its type's order
};

// How many items each index space of a component's Frame ends with.
struct FrameSizes {
  uint32_t core_modules = 0, core_instances = 0, core_funcs = 0, core_tables = 0, core_memories = 0,
           core_globals = 0, funcs = 0, types = 0, components = 0, instances = 0;
};

struct LevelPlan {
  std::vector<CoreInstancePlan> core_instances;  // by ast core_instances index
  // By ast aliases index: a core instance export alias's export position (kNotFound: none of
  // that name, or not planned).
  std::vector<uint32_t> core_aliases;
  std::vector<ImportView> imports;  // by ast imports index; empty without own types
  FrameSizes sizes;
  std::vector<LevelPlan> components;  // by ast components index
};

LevelPlan plan_component(const CompiledComponent& component);

// The core signature `canon lower` gives each function type of one Layouts, interned by the
// engine: what a lowered import's core function is made with.
struct LoweredSignatures {
  const abi::Layouts* layouts = nullptr;
  const TypeTables* types = nullptr;
  std::vector<const stratus::FuncType*> by_func;  // by FuncTypeId
};

// Of the component's Layouts and of each nested component's own.
std::vector<LoweredSignatures> lowered_signatures(const CompiledComponent& component);

// The signature of `func` in `layouts`, or null when `signatures` do not have it.
const stratus::FuncType* find_lowered(std::span<const LoweredSignatures> signatures, const abi::Layouts* layouts,
                                      FuncTypeId func);

}  // namespace stratus::component::detail
