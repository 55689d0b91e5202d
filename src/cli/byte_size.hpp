// Parses human byte sizes for --max-memory: "65536", "64KiB", "64MiB", "1GiB", "2G".
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace stratus::cli {

// Decimal (KB, MB, GB = 1000^n) and binary (K, KiB, M, MiB, G, GiB = 1024^n) suffixes,
// case-insensitive; nothing on overflow or junk.
std::optional<uint64_t> parse_byte_size(std::string_view text);

}  // namespace stratus::cli
