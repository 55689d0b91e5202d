// Text <-> wasm values for `stratus run --invoke`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "stratus/value.hpp"

namespace stratus::cli {

// Integers in decimal or 0x hex, negative allowed (and wrapped to the type's width like a
// wasm const); floats as strtod reads them, including nan and inf. Nothing for junk and
// for types a command line cannot spell (v128, references).
std::optional<Val> parse_value(ValType type, std::string_view text);
// Signed decimal for integers, shortest round-trip text for floats.
std::string format_value(const Val& value);

}  // namespace stratus::cli
