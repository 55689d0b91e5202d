// Implementation limits on the counts and sizes a module binary declares (binary/limits.def
// holds the list; docs/limits.md the table). The decoder checks each where it reads the
// count, before allocating anything for it, and reports "at offset 0x..: too many <what>: N,
// more than the implementation limit of L" as ErrorKind::Malformed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stratus::binary {

#define STRATUS_LIMIT(name, value, what, source) inline constexpr uint64_t name = value;
#include "binary/limits.def"
#undef STRATUS_LIMIT

// "too many <what>: <count>, more than the implementation limit of <limit>", the reason a
// count past its limit is malformed (the spec's own "too many locals" reads the same).
std::string too_many(std::string_view what, uint64_t count, uint64_t limit);

}  // namespace stratus::binary
