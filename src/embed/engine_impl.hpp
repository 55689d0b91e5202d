// What every handle to one Engine shares: settings, interned types, the memory allocator.
#pragma once

#include <memory>

#include "alloc/instance_allocator.hpp"
#include "embed/api_access.hpp"
#include "embed/limits_and_epochs.hpp"
#include "exec/type_registry.hpp"
#include "stratus/engine.hpp"

namespace stratus::detail {

struct EngineImpl {
  explicit EngineImpl(EngineConfig config);

  EngineConfig config;
  BoundsChecks bounds_checks;  // resolved: GuardPages or Explicit, never Auto
  exec::TypeRegistry types;
  std::unique_ptr<alloc::InstanceAllocator> allocator;
  // Limits, epoch and pool state (embed/limits_and_epochs.hpp); set up by Engine::create.
  EngineLimitsAndEpochs limits_and_epochs;
};

}  // namespace stratus::detail
