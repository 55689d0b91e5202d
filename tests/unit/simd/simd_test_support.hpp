// Helpers shared by the SIMD tests: lane access, random vectors biased towards edge values,
// and comparison of float lanes under the Wasm NaN rules.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "stratus/value.hpp"

namespace simd_test {

using stratus::V128;

template <class T>
inline constexpr int kLanes = static_cast<int>(16 / sizeof(T));

template <class T>
T get(const V128& v, int lane) {
  T x;
  std::memcpy(&x, v.bytes + lane * sizeof(T), sizeof(T));
  return x;
}

template <class T>
void put(V128& v, int lane, T x) {
  std::memcpy(v.bytes + lane * sizeof(T), &x, sizeof(T));
}

template <class T>
V128 make(std::initializer_list<T> lanes) {
  V128 v;
  int i = 0;
  for (T x : lanes) put<T>(v, i++, x);
  return v;
}

template <class T>
V128 splat_of(T x) {
  V128 v;
  for (int i = 0; i < kLanes<T>; ++i) put<T>(v, i, x);
  return v;
}

std::string hex(const V128& v);

// Unsigned integer with the same width as T, for float bit patterns.
template <class T>
using BitsOf = std::conditional_t<sizeof(T) == 1, uint8_t,
               std::conditional_t<sizeof(T) == 2, uint16_t,
               std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>>;

template <class F>
constexpr BitsOf<F> kCanonicalNan = sizeof(F) == 4 ? BitsOf<F>(0x7FC00000u) : BitsOf<F>(0x7FF8000000000000u);
template <class F>
constexpr BitsOf<F> kQuietBit = sizeof(F) == 4 ? BitsOf<F>(0x00400000u) : BitsOf<F>(0x0008000000000000u);
template <class F>
constexpr BitsOf<F> kSignBit = BitsOf<F>(BitsOf<F>(1) << (sizeof(F) * 8 - 1));

template <class F>
bool is_canonical_nan(F x) {
  return (std::bit_cast<BitsOf<F>>(x) & ~kSignBit<F>) == kCanonicalNan<F>;
}

template <class F>
bool is_arithmetic_nan(F x) {
  return std::isnan(x) && (std::bit_cast<BitsOf<F>>(x) & kQuietBit<F>) != 0;
}

// What a reference implementation returns for a NaN result: the canonical NaN when every NaN
// input was canonical (so the result must be canonical), otherwise a marker NaN with payload 1
// meaning "any arithmetic NaN".
template <class F>
F arithmetic_nan_marker() {
  return std::bit_cast<F>(BitsOf<F>(kCanonicalNan<F> | 1));
}

template <class F, class... Inputs>
F nan_result(Inputs... inputs) {
  bool all_canonical = true;
  ((all_canonical = all_canonical && (!std::isnan(inputs) || is_canonical_nan(inputs))), ...);
  return all_canonical ? std::bit_cast<F>(kCanonicalNan<F>) : arithmetic_nan_marker<F>();
}

// Lane-wise comparison: integers exactly; floats exactly unless the expected lane is NaN, in
// which case the actual lane must be a canonical NaN (expected canonical) or an arithmetic NaN.
template <class T>
::testing::AssertionResult lanes_match(const V128& actual, const V128& expected) {
  for (int i = 0; i < kLanes<T>; ++i) {
    if constexpr (std::is_floating_point_v<T>) {
      T want = get<T>(expected, i), got = get<T>(actual, i);
      if (std::isnan(want)) {
        bool ok = is_canonical_nan(want) ? is_canonical_nan(got) : is_arithmetic_nan(got);
        if (ok) continue;
      } else if (std::bit_cast<BitsOf<T>>(want) == std::bit_cast<BitsOf<T>>(got)) {
        continue;
      }
    } else {
      if (get<T>(expected, i) == get<T>(actual, i)) continue;
    }
    return ::testing::AssertionFailure() << "lane " << i << ": got " << hex(actual) << " want " << hex(expected);
  }
  return ::testing::AssertionSuccess();
}

// Edge values per lane type; random vectors draw lanes from these about half the time.
template <class T>
const std::vector<T>& edge_values();

template <class T>
T random_lane(std::mt19937_64& rng);

template <class T>
V128 random_vector(std::mt19937_64& rng) {
  V128 v;
  for (int i = 0; i < kLanes<T>; ++i) put<T>(v, i, random_lane<T>(rng));
  return v;
}

inline std::mt19937_64 seeded_rng(std::string_view name) {
  return std::mt19937_64(std::hash<std::string_view>{}(name));
}

}  // namespace simd_test
