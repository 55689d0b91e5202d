// What a component::Linker holds: host functions, resource types and instances of them, by
// name.
#pragma once

#include <memory>

#include "component/api/host_resource_type.hpp"
#include "component/linker/semver_name_map.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/engine.hpp"

namespace stratus::component::detail {

struct Definitions;

struct Definition {
  enum class Kind : uint8_t { Func, Instance, Resource };
  Kind kind = Kind::Func;
  // Shared, so a ComponentPre keeps what it resolved whatever the Linker does later.
  std::shared_ptr<const HostFunc> func;                // Func
  std::shared_ptr<Definitions> instance;               // Instance
  std::shared_ptr<const HostResourceType> resource;    // Resource
};

struct Definitions {
  SemverNameMap<Definition> items;
};

struct LinkerImpl {
  explicit LinkerImpl(const Engine& e) : engine(e) {}
  Engine engine;
  Definitions root;
  bool allow_shadowing = false;
};

}  // namespace stratus::component::detail
