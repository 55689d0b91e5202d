// Implementation limits on the counts, sizes and nesting a component binary declares
// (component/binary/limits.def holds the list; docs/limits.md the table). The decoder and the
// validator check each where it reads the count, before anything is allocated for it.
#pragma once

#include <cstdint>

namespace stratus::component {

#define STRATUS_LIMIT(name, value, what, source) inline constexpr uint64_t name = value;
#include "component/binary/limits.def"
#undef STRATUS_LIMIT

}  // namespace stratus::component
