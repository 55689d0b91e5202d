// Lane-typed views of V128 for the SIMD semantics headers.
//
// Everything here is built on clang's generic vector extensions so that the SSE2 baseline
// (the only thing x86-64 guarantees, and what Stratus builds for by default) gets straight
// vector code, and wider ISAs get better instruction selection for free. A few operations
// that LLVM cannot pattern-match on SSE2 use intrinsics behind __SSE2__ / __SSSE3__ /
// __SSE4_1__ guards, always with a generic fallback that has the same result bit for bit.
#pragma once

#include <bit>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "stratus/value.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__SSSE3__)
#include <tmmintrin.h>
#endif
#if defined(__SSE4_1__)
#include <smmintrin.h>
#endif

namespace stratus::exec::simd {

// Wasm lanes are little-endian, and memory ops copy bytes straight into vector registers.
static_assert(std::endian::native == std::endian::little, "SIMD lanes assume a little-endian host");
static_assert(sizeof(V128) == 16);

namespace detail {

using u8x16 = uint8_t __attribute__((vector_size(16)));
using i8x16 = int8_t __attribute__((vector_size(16)));
using u16x8 = uint16_t __attribute__((vector_size(16)));
using i16x8 = int16_t __attribute__((vector_size(16)));
using u32x4 = uint32_t __attribute__((vector_size(16)));
using i32x4 = int32_t __attribute__((vector_size(16)));
using u64x2 = uint64_t __attribute__((vector_size(16)));
using i64x2 = int64_t __attribute__((vector_size(16)));
using f32x4 = float __attribute__((vector_size(16)));
using f64x2 = double __attribute__((vector_size(16)));

// Half-width vectors: the source of extends and the result of narrows.
using u8x8 = uint8_t __attribute__((vector_size(8)));
using i8x8 = int8_t __attribute__((vector_size(8)));
using u16x4 = uint16_t __attribute__((vector_size(8)));
using i16x4 = int16_t __attribute__((vector_size(8)));
using u32x2 = uint32_t __attribute__((vector_size(8)));
using i32x2 = int32_t __attribute__((vector_size(8)));
using f32x2 = float __attribute__((vector_size(8)));

template <class Vec>
using lane_t = std::remove_cvref_t<decltype(std::declval<Vec>()[0])>;

template <class Vec>
inline constexpr int lane_count = static_cast<int>(sizeof(Vec) / sizeof(lane_t<Vec>));

// memcpy rather than a cast: V128 is a byte array, and type punning through pointers is UB.
template <class Vec>
inline Vec as(V128 v) {
  static_assert(sizeof(Vec) == 16);
  Vec r;
  __builtin_memcpy(&r, v.bytes, 16);
  return r;
}

template <class Vec>
inline V128 to_v128(Vec x) {
  static_assert(sizeof(Vec) == 16);
  V128 r;
  __builtin_memcpy(r.bytes, &x, 16);
  return r;
}

// Reinterpret one vector type as another of the same size (no lane conversion).
template <class To, class From>
inline To bits(From x) {
  static_assert(sizeof(To) == sizeof(From));
  To r;
  __builtin_memcpy(&r, &x, sizeof r);
  return r;
}

template <class Vec>
inline Vec splat(lane_t<Vec> x) {
  // A scalar operand of a vector binary op is broadcast; the add of zero then folds away.
  return Vec{} + x;
}

template <class Vec>
inline auto low_half(Vec v) {
  if constexpr (lane_count<Vec> == 16) {
    return __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7);
  } else if constexpr (lane_count<Vec> == 8) {
    return __builtin_shufflevector(v, v, 0, 1, 2, 3);
  } else {
    static_assert(lane_count<Vec> == 4);
    return __builtin_shufflevector(v, v, 0, 1);
  }
}

template <class Vec>
inline auto high_half(Vec v) {
  if constexpr (lane_count<Vec> == 16) {
    return __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
  } else if constexpr (lane_count<Vec> == 8) {
    return __builtin_shufflevector(v, v, 4, 5, 6, 7);
  } else {
    static_assert(lane_count<Vec> == 4);
    return __builtin_shufflevector(v, v, 2, 3);
  }
}

// Even-numbered and odd-numbered lanes, for the pairwise operations (extadd, dot).
template <class Vec>
inline auto even_lanes(Vec v) {
  if constexpr (lane_count<Vec> == 16) {
    return __builtin_shufflevector(v, v, 0, 2, 4, 6, 8, 10, 12, 14);
  } else {
    static_assert(lane_count<Vec> == 8);
    return __builtin_shufflevector(v, v, 0, 2, 4, 6);
  }
}

template <class Vec>
inline auto odd_lanes(Vec v) {
  if constexpr (lane_count<Vec> == 16) {
    return __builtin_shufflevector(v, v, 1, 3, 5, 7, 9, 11, 13, 15);
  } else {
    static_assert(lane_count<Vec> == 8);
    return __builtin_shufflevector(v, v, 1, 3, 5, 7);
  }
}

// Glue two half-width vectors into one full vector, `low` in the low lanes.
template <class Half>
inline auto concat(Half low, Half high) {
  if constexpr (lane_count<Half> == 8) {
    return __builtin_shufflevector(low, high, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  } else if constexpr (lane_count<Half> == 4) {
    return __builtin_shufflevector(low, high, 0, 1, 2, 3, 4, 5, 6, 7);
  } else {
    static_assert(lane_count<Half> == 2);
    return __builtin_shufflevector(low, high, 0, 1, 2, 3);
  }
}

// Bitwise select on whole lanes: `mask` lanes are all-ones or all-zeros (comparison results).
// Written with and/andnot/or because that is exactly what SSE2 offers.
template <class Vec, class Mask>
inline Vec select(Mask mask, Vec if_true, Vec if_false) {
  using Bits = std::conditional_t<sizeof(lane_t<Vec>) == 8, u64x2, u32x4>;
  Bits m = bits<Bits>(mask);
  return bits<Vec>((bits<Bits>(if_true) & m) | (bits<Bits>(if_false) & ~m));
}

inline bool any_bit_set(V128 v) {
  uint64_t halves[2];
  __builtin_memcpy(halves, v.bytes, 16);
  return (halves[0] | halves[1]) != 0;
}

#if defined(__SSE2__)
inline __m128i to_m128i(V128 v) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(v.bytes)); }
inline V128 from_m128i(__m128i x) {
  V128 r;
  _mm_storeu_si128(reinterpret_cast<__m128i*>(r.bytes), x);
  return r;
}
#endif

}  // namespace detail
}  // namespace stratus::exec::simd
