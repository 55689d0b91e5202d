// Parses durations for --timeout: "30", "1.5", "2.5s", "500ms", "2m", "1h".
#pragma once

#include <chrono>
#include <string_view>

#include "stratus/result.hpp"

namespace stratus::cli {

// The longest duration accepted: 100 years. Longer ones are refused rather than clamped, so
// a typo in the exponent is reported; nanoseconds up to it fit an int64 with room to spare.
inline constexpr std::chrono::seconds kMaxDuration{int64_t{36525} * 86400};  // 36,525 days

// A decimal number (fraction and exponent allowed: "1.5", "2e3") with an optional unit ns,
// us, ms, s, m or h, seconds without one. Rounded up to whole nanoseconds. ErrorKind::Config
// with a message naming the text for anything else: hex, inf, nan, a sign, spaces, trailing
// junk, zero, or more than kMaxDuration.
Result<std::chrono::nanoseconds> parse_duration(std::string_view text);

}  // namespace stratus::cli
