// An instance's exports by position (binary::Module::exports order), for callers that found
// the position once, before any instance existed (a ComponentPre's plan).
#pragma once

#include <cstddef>
#include <optional>

#include "stratus/extern.hpp"
#include "stratus/instance.hpp"

namespace stratus::detail {

// nullopt when `position` is out of range.
std::optional<Extern> export_at(const Instance& instance, size_t position);

}  // namespace stratus::detail
