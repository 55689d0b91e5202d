// Numbers as the text format writes them, spelled so that the parser reads back the very bits:
// floats in hexadecimal (exact), NaNs with their payload, v128 lanes in hexadecimal.
#pragma once

#include <cstdint>
#include <string>

namespace stratus::text::printer {

std::string f32_text(uint32_t bits);
std::string f64_text(uint64_t bits);
// `i32x4 0x... 0x... 0x... 0x...` for the 16 little-endian bytes at `bytes`.
std::string v128_text(const uint8_t* bytes);

}  // namespace stratus::text::printer
