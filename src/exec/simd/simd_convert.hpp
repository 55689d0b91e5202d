// Conversions between integer and float lanes, and between f32 and f64 lanes.
//
// Float-to-int conversion of an out-of-range value is UB in C++ (poison in LLVM), so the
// saturating truncations only ever convert lanes known to be in range and patch the rest
// with selects: NaN -> 0, too small -> minimum, too large -> maximum.
#pragma once

#include "exec/simd/simd_types.hpp"

namespace stratus::exec::simd {

inline V128 I32x4TruncSatF32x4S(V128 a) {
  using namespace detail;
  f32x4 x = as<f32x4>(a);
  // [-2^31, 2^31) in float; NaN fails both comparisons and converts as 0.
  i32x4 in_range = (x >= -2147483648.0f) & (x < 2147483648.0f);
  i32x4 result = __builtin_convertvector(select(in_range, x, f32x4{}), i32x4);
  result = select(x >= 2147483648.0f, splat<i32x4>(INT32_MAX), result);
  return to_v128(select(x < -2147483648.0f, splat<i32x4>(INT32_MIN), result));
}

inline V128 I32x4TruncSatF32x4U(V128 a) {
  using namespace detail;
  f32x4 x = as<f32x4>(a);
  // Lanes in (-1, 0] truncate to 0 anyway, so only positive lanes below 2^32 are converted.
  i32x4 in_range = (x > 0.0f) & (x < 4294967296.0f);
  u32x4 result = __builtin_convertvector(select(in_range, x, f32x4{}), u32x4);
  return to_v128(select(x >= 4294967296.0f, splat<u32x4>(UINT32_MAX), result));
}

namespace detail {
// A 64-bit lane mask narrowed to 32-bit lanes (all-ones stays all-ones).
inline u32x2 narrow_mask(i64x2 mask) { return __builtin_convertvector(mask, u32x2); }
inline u32x2 select_half(u32x2 mask, u32x2 if_true, u32x2 if_false) {
  return (if_true & mask) | (if_false & ~mask);
}
}  // namespace detail

inline V128 I32x4TruncSatF64x2SZero(V128 a) {
  using namespace detail;
  f64x2 x = as<f64x2>(a);
  // Every double in (-2^31 - 1, 2^31) truncates into i32 range.
  i64x2 in_range = (x > -2147483649.0) & (x < 2147483648.0);
  u32x2 result = bits<u32x2>(__builtin_convertvector(select(in_range, x, f64x2{}), i32x2));
  result = select_half(narrow_mask(x >= 2147483648.0), u32x2{} + static_cast<uint32_t>(INT32_MAX), result);
  result = select_half(narrow_mask(x <= -2147483649.0), u32x2{} + static_cast<uint32_t>(INT32_MIN), result);
  return to_v128(concat(result, u32x2{}));
}

inline V128 I32x4TruncSatF64x2UZero(V128 a) {
  using namespace detail;
  f64x2 x = as<f64x2>(a);
  i64x2 in_range = (x > 0.0) & (x < 4294967296.0);
  u32x2 result = __builtin_convertvector(select(in_range, x, f64x2{}), u32x2);
  result = select_half(narrow_mask(x >= 4294967296.0), u32x2{} + UINT32_MAX, result);
  return to_v128(concat(result, u32x2{}));
}

// int -> float conversions round to nearest-even like the scalar ones; all inputs are in range.
inline V128 F32x4ConvertI32x4S(V128 a) { using namespace detail; return to_v128(__builtin_convertvector(as<i32x4>(a), f32x4)); }
inline V128 F32x4ConvertI32x4U(V128 a) { using namespace detail; return to_v128(__builtin_convertvector(as<u32x4>(a), f32x4)); }
inline V128 F64x2ConvertLowI32x4S(V128 a) { using namespace detail; return to_v128(__builtin_convertvector(low_half(as<i32x4>(a)), f64x2)); }
inline V128 F64x2ConvertLowI32x4U(V128 a) { using namespace detail; return to_v128(__builtin_convertvector(low_half(as<u32x4>(a)), f64x2)); }

// The hardware conversions quiet signalling NaNs and keep the top payload bits, which is what
// Wasm asks of demote/promote (canonical in, canonical out).
inline V128 F32x4DemoteF64x2Zero(V128 a) {
  using namespace detail;
  return to_v128(concat(__builtin_convertvector(as<f64x2>(a), f32x2), f32x2{}));
}
inline V128 F64x2PromoteLowF32x4(V128 a) {
  using namespace detail;
  return to_v128(__builtin_convertvector(low_half(as<f32x4>(a)), f64x2));
}

}  // namespace stratus::exec::simd
