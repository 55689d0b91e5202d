// Instantiation: a validated component's definitions evaluated in order against index
// spaces (records.hpp), its core modules instantiated through the embedding API so that
// every core memory and table comes from the engine's instance allocator.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "component/api/host_resource_type.hpp"
#include "component/instantiate/plan.hpp"
#include "component/instantiate/records.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component::detail {

// A top-level import as the linker resolved it, independent of any Store.
struct ResolvedItem {
  ast::Sort sort = ast::Sort::Func;  // Func, Instance or Type
  std::shared_ptr<const HostFunc> func;
  // Type: the host resource type a resource import is bound to; null for any other type.
  std::shared_ptr<const HostResourceType> resource;
  FuncTypeId type;
  std::string name;
  std::vector<ResolvedItem> exports;  // Instance: its exports, named by export_names
  std::vector<std::string> export_names;
};

struct ComponentPreImpl {
  std::shared_ptr<const CompiledComponent> component;
  Component handle;
  std::vector<ResolvedItem> imports;  // by ast imports index of the top-level component
  LevelPlan plan;                     // of the top-level component
  std::vector<LoweredSignatures> lowered;
  // resource.new and resource.rep's core signature, and resource.drop's, interned.
  const stratus::FuncType* i32_to_i32 = nullptr;
  const stratus::FuncType* i32_to_none = nullptr;
};

// Resolves the top-level imports against the linker's definitions: ErrorKind::Link for a
// missing name or an item of the wrong kind.
Result<std::vector<ResolvedItem>> resolve_imports(const CompiledComponent& component, const Definitions& root);

// The Store's records keep `pre` (its names and plan) alive.
Result<InstanceRecord*> instantiate(Store& store, const std::shared_ptr<const ComponentPreImpl>& pre);

}  // namespace stratus::component::detail
