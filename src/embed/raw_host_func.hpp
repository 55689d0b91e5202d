// Host functions for the layers above the embedding API that make many per Store.
#pragma once

#include <span>

#include "stratus/engine.hpp"
#include "stratus/extern.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"
#include "stratus/types.hpp"
#include "stratus/value.hpp"

namespace stratus::detail {

// A host function as a plain function and a context, for the layers above that make many
// per Store (a component's lowered imports): nothing to allocate but the record, and calls
// go through the same adapter as a HostFunc's. The caller keeps `context` alive for as long
// as the Store.
using RawHostFn = Result<void> (*)(const void* context, Caller& caller, std::span<const Val> params,
                                   std::span<Val> results);

// `type` as the engine interns it: what wrap_raw takes, found once rather than per function.
const FuncType* intern_func_type(const Engine& engine, const FuncType& type);

// A function of `store` that calls fn(context, ...); `type` interned by the Store's engine.
Func wrap_raw(Store& store, const FuncType* type, RawHostFn fn, const void* context);

}  // namespace stratus::detail
