// A component instance's view of what crosses its boundary, by its own type tables: before
// it runs, its imports (functions wrapped in views typed by its import types, so their
// resource indices mean its resources) and the resource types they bring; after it ran, the
// resource types its exports name and the types of the functions it exports.
#pragma once

#include <span>

#include "component/api/compiled_component.hpp"
#include "component/instantiate/plan.hpp"
#include "component/instantiate/records.hpp"
#include "stratus/result.hpp"

namespace stratus::component::detail {

// `imports` are the items bound to the component's imports, `views` how each is bound (both
// by ast import index: LevelPlan::imports).
Result<void> bind_imports(StoreRecords& records, const LevelTypes& level, std::span<const ImportView> views,
                          std::span<Item> imports, ComponentInstanceState& state);

Result<void> bind_exports(const LevelTypes& level, InstanceRecord& exports, ComponentInstanceState& state);

}  // namespace stratus::component::detail
