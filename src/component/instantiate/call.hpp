// Calls across the canonical ABI: into a lifted function (from the host or from another
// component instance through a lowered import), and out of a guest through a lowered import.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "component/instantiate/records.hpp"
#include "stratus/component/val.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component::detail {

// `canon lift`: lowers `args` into the callee, runs it, lifts the result, runs post-return.
// `caller` is the instance calling (null: the host), for the reentrance rules.
// `on_return` (an async lift's): told the result at task.return.
Result<std::vector<Val>> call_lifted(Store& store, const FuncRecord& f, std::span<const Val> args,
                                     const abi::ComponentInstanceFlags* caller,
                                     const std::function<void(const Val&)>* on_return = nullptr);

// `canon lower`: the core host function's body. Lifts the arguments out of `caller`'s
// memory, calls `callee` (a host function or a lifted function of another instance) and
// lowers its result back.
Result<void> call_lowered(Store& store, const FuncRecord& callee, ComponentInstanceState& caller,
                          const CanonOptions& options, std::span<const stratus::Val> params,
                          std::span<stratus::Val> results);

}  // namespace stratus::component::detail
