// Building an instance once its imports are known: the spec's instantiation algorithm.
#pragma once

#include <span>

#include "stratus/extern.hpp"
#include "stratus/instance.hpp"
#include "stratus/module.hpp"

namespace stratus::detail {

// `imports` are in the module's import order, already type-checked and owned by `store`.
// Everything created belongs to the store even when instantiation fails; a trap in segment
// initialization leaves earlier segments' writes in place (Wasm 2.0) and is ErrorKind::Trap.
Result<Instance> instantiate(Store& store, const Module& module, std::span<const Extern> imports);

}  // namespace stratus::detail
