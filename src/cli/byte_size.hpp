// Parses human byte sizes for --max-memory and --max-wasm-stack: "65536", "64KiB", "64MiB",
// "1GiB", "2G".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "stratus/result.hpp"

namespace stratus::cli {

// Decimal (KB, MB, GB = 1000^n) and binary (K, KiB, M, MiB, G, GiB = 1024^n) suffixes,
// case-insensitive; nothing on overflow or junk.
std::optional<uint64_t> parse_byte_size(std::string_view text);

// A size from parse_byte_size from `min` to `max` bytes; otherwise ErrorKind::Config with a
// message that quotes the text and names the range.
Result<uint64_t> parse_byte_size_in(std::string_view text, uint64_t min, uint64_t max);

// "64 KiB", "4 GiB", "1000 bytes": the largest binary unit that divides `bytes`.
std::string bytes_text(uint64_t bytes);

}  // namespace stratus::cli
