// An `async` lower of another component instance's lifted function (CanonicalABI.md's
// canon_lower with `async` when the callee is a guest): the caller gets a subtask at once
// unless the callee returned first.
#pragma once

#include <memory>
#include <span>

#include "component/instantiate/async_lower.hpp"
#include "stratus/result.hpp"

namespace stratus::component::detail {

// One call: the caller's status, RETURNED or (STARTING | STARTED) | subtask << 4.
Result<uint32_t> call_guest_async_lowered(const std::shared_ptr<const AsyncLowerSite>& site,
                                          std::span<const stratus::Val> params);

}  // namespace stratus::component::detail
