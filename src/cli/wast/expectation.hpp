// Matching results against a script's expectations (exact bits, NaN patterns, per-lane v128,
// references) and showing both in failure reports.
#pragma once

#include <stdexcept>
#include <string>

#include "stratus/value.hpp"
#include "text/script.hpp"

namespace stratus::wast {

// The script itself is not what the runner understands (unknown type, bad number, ...).
struct ScriptFormatError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A v128 lane type's width and kind ("i8" ... "f64"); throws ScriptFormatError for others.
struct LaneShape {
  unsigned bytes = 4;
  bool is_float = false;
};
LaneShape lane_shape(const std::string& lane_type);

bool matches(const text::Expectation& expected, const Val& got);

std::string describe(const text::Expectation& expected);
// `lane_type` chooses how a v128 is shown so it lines up with the expectation.
std::string describe(const Val& value, const std::string& lane_type = "i32");

}  // namespace stratus::wast
