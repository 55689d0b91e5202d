// What a ResourceType names: one host-defined resource type, shared by every Linker and
// Store that uses it. Each Store gives it a run-time type of its own (host_resources.hpp).
#pragma once

#include <string>

#include "stratus/component/resource.hpp"

namespace stratus::component::detail {

struct HostResourceType {
  std::string name;
  ResourceType::Destructor destructor;
};

}  // namespace stratus::component::detail
