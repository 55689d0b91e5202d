// Text <-> wasm values for `stratus run --invoke`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "stratus/value.hpp"

namespace stratus::cli {

// Integers in decimal or 0x hex, negative allowed (and wrapped to the type's width like a
// wasm const: -1 and 0xffffffff are the same i32); no spaces, '+' or octal. Floats in
// decimal or scientific notation, inf, -inf and nan; a float the type cannot hold (1e39 as
// f32) is refused rather than turned into inf. Nothing for junk and for types a command
// line cannot spell (v128, references).
std::optional<Val> parse_value(ValType type, std::string_view text);
// Signed decimal for integers, shortest round-trip text for floats.
std::string format_value(const Val& value);

}  // namespace stratus::cli
