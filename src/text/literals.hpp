// Numeric literals as the text format writes them: integers in decimal or hex with `_`
// between digits, and floats in decimal, hex, `inf`, `nan` and `nan:0x...`. Each parse
// returns nothing when the atom is not such a literal or its value is out of the type's range.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace stratus::text {

// An unsigned literal (no sign) of at most `max`.
std::optional<uint64_t> parse_unsigned(std::string_view atom, uint64_t max);

// An integer of `bits` bits (32 or 64): signed or unsigned range, two's complement bits.
std::optional<uint64_t> parse_int_bits(std::string_view atom, unsigned bits);

// A float literal's bit pattern: binary32 or binary64, correctly rounded.
std::optional<uint32_t> parse_f32_bits(std::string_view atom);
std::optional<uint64_t> parse_f64_bits(std::string_view atom);

// Whether the atom is spelled like a number (so that `i32.const foo` reads as a bad constant).
bool looks_numeric(std::string_view atom);

}  // namespace stratus::text
