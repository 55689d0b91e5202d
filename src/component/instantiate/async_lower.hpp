// `canon lower ... async` of a host function: the guest's call returns at once with the
// subtask's status, and an async host function (func_new_async) that ends later resolves
// the subtask then (CanonicalABI.md's canon_lower, its `async` case).
#pragma once

#include <cstdint>

#include "component/instantiate/records.hpp"
#include "stratus/extern.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component::detail {

// The core function an `async` lower of `callee` gives `caller`. `callee` must be a host
// function (or a view of one); lowering another instance's function `async` is a Link error.
Result<Extern> make_async_lower(Store& store, const FuncRecord& callee, ComponentInstanceState& caller,
                                CanonOptions options, uint32_t offset);

}  // namespace stratus::component::detail
