// `stream<T>` and `future<T>` values crossing a call (CanonicalABI.md's lift_stream,
// lift_future, lower_stream, lower_future): what moves is always the readable end, as an
// `own` handle moves. Lifting takes a guest's readable end out of its table into the host's
// (the Val is a StreamHandle / FutureHandle naming it there); lowering moves a host-held
// readable end into the guest's table. abi/values.cpp calls these for the two kinds.
#pragma once

#include <cstdint>

#include "component/abi/context.hpp"
#include "stratus/component/val.hpp"
#include "stratus/result.hpp"

namespace stratus::component::async {

// A trap when the guest's end at `index` is not a readable end of `t`'s kind and element, or
// is copying, done or in a waitable set.
Result<Val> lift_end(abi::LiftLowerContext& cx, ValType t, uint32_t index);
// An Argument error when `v` names no readable end the host holds, of `t`'s kind and element.
Result<uint32_t> lower_end(abi::LiftLowerContext& cx, ValType t, const Val& v);

}  // namespace stratus::component::async
