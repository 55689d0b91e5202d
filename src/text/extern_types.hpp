// The types of tables, memories and globals as written in an import or a definition: limits,
// `(mut t)`, and their binary encodings. The module parser and a component's core module
// types read them alike.
#pragma once

#include <cstdint>
#include <optional>

#include "text/binary_writer.hpp"
#include "text/cursor.hpp"

namespace stratus::text {

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
};

// `min max?`, each at most 2^32 - 1.
Limits read_limits(Cursor& c);
void write_limits(BinaryWriter& w, const Limits& l);
// `t` or `(mut t)`: the value type's byte and the mutability's.
void write_global_type(Cursor& c, BinaryWriter& w);

}  // namespace stratus::text
