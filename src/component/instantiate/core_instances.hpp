// Core instances of a component: a core module instantiated through the embedding API
// (so its memories and tables come from the engine's instance allocator, pooled when the
// engine pools) with its imports taken from earlier core instances, within the component's
// budgets of core instances and memories.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "component/instantiate/plan.hpp"
#include "component/instantiate/records.hpp"
#include "stratus/engine.hpp"
#include "stratus/instance.hpp"
#include "stratus/module.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component::detail {

// ResourceLimits::max_core_instances_per_component and max_memories_per_component, counted
// over one instantiation of a top-level component and every component nested in it.
class InstantiationBudget {
 public:
  explicit InstantiationBudget(const ResourceLimits& limits) : limits_(limits) {}
  Result<void> admit(const Module& module);

 private:
  const ResourceLimits& limits_;
  uint32_t core_instances_ = 0;
  uint64_t memories_ = 0;
};

struct CoreArg {
  std::string name;  // the module name its imports use
  const CoreInstanceItem* instance = nullptr;
};

Result<stratus::Instance> instantiate_core(Store& store, const Module& module, std::span<const CoreArg> args,
                                  InstantiationBudget& budget);

// The same by `plan` (made for `module`): each import taken by position from `args` (the
// instances of ast::CoreInstance::args, in that order), with the same checks and errors.
Result<stratus::Instance> instantiate_core(Store& store, const Module& module, const CoreInstancePlan& plan,
                                           std::span<const CoreInstanceItem* const> args,
                                           InstantiationBudget& budget);

}  // namespace stratus::component::detail
