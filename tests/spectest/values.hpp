// Conversions between wast2json value objects and stratus::Val: arguments to pass, and
// expectations to check results against (exact bits, NaN patterns, per-lane v128, refs).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "stratus/value.hpp"

namespace spectest {

// The script itself is not what the runner understands (unknown type, bad number, ...).
struct ScriptFormatError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// wast2json writes `ref.extern N` as N; the host pointer standing for it is N + 1 so that
// `ref.extern 0` stays distinct from null.
void* extern_ref_pointer(uint64_t n);

stratus::Val parse_argument(const nlohmann::json& value);

enum class NanPattern : uint8_t { None, Canonical, Arithmetic };

struct LaneExpectation {
  uint64_t bits = 0;
  NanPattern nan = NanPattern::None;
};

struct Expectation {
  stratus::ValType type = stratus::ValType::I32;
  std::string lane_type;               // v128 only: i8, i16, i32, i64, f32 or f64
  std::vector<LaneExpectation> lanes;  // scalars and refs use exactly one lane
  bool ref_is_null = false;
  bool ref_any_non_null = false;       // a funcref expectation only asks for non-null
};

Expectation parse_expectation(const nlohmann::json& value);
bool matches(const Expectation& expected, const stratus::Val& got);

std::string describe(const Expectation& expected);
// `lane_type` chooses how a v128 is shown so it lines up with the expectation.
std::string describe(const stratus::Val& value, const std::string& lane_type = "i32");

}  // namespace spectest
