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

// The most control frames a valid body of `body_bytes` can have open at once, the function's
// own frame included: a block, loop or if takes at least two bytes to open and one to end.
// The validator and the translator reserve this much before they start, so a deeply nested
// body never leaves the copies of a doubling stack behind.
inline uint64_t control_depth_bound(uint64_t body_bytes) {
  const uint64_t opened = body_bytes / 3;
  return (opened < kMaxControlDepth ? opened : kMaxControlDepth) + 1;
}

}  // namespace stratus::binary
