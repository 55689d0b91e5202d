// f32x4 / f64x2 arithmetic, comparisons, min/max and rounding.
//
// NaN rules (Wasm 2.0 §4.3.3): arithmetic results that are NaN must be "arithmetic" NaNs
// (quiet bit set), and canonical when every NaN input was canonical. Hardware add/sub/mul/
// div/sqrt already behave that way. Where we compute results with selects and integer tricks
// (min/max, rounding) NaN lanes are fixed up explicitly instead of relying on the compiler
// not folding an identity like `x + 0` that would let a signalling NaN through.
// abs/neg and pmin/pmax are bit-exact by specification and never touch NaN payloads.
#pragma once

#include "exec/simd/simd_types.hpp"

namespace stratus::exec::simd {
namespace detail {

template <class Float>
struct FloatLanes;

template <>
struct FloatLanes<f32x4> {
  using Bits = u32x4;
  static constexpr uint32_t sign_bit = 0x8000'0000u;
  static constexpr uint32_t quiet_bit = 0x0040'0000u;
  static constexpr uint32_t canonical_nan = 0x7FC0'0000u;
  // From 2^23 on every float is an integer, and below it adding 2^23 leaves no fraction bits.
  static constexpr float integral_threshold = 8388608.0f;
};

template <>
struct FloatLanes<f64x2> {
  using Bits = u64x2;
  static constexpr uint64_t sign_bit = 0x8000'0000'0000'0000u;
  static constexpr uint64_t quiet_bit = 0x0008'0000'0000'0000u;
  static constexpr uint64_t canonical_nan = 0x7FF8'0000'0000'0000u;
  static constexpr double integral_threshold = 4503599627370496.0;  // 2^52
};

template <class Float>
inline V128 float_abs(V128 a) {
  using L = FloatLanes<Float>;
  return to_v128(as<typename L::Bits>(a) & ~L::sign_bit);
}

template <class Float>
inline V128 float_neg(V128 a) {
  using L = FloatLanes<Float>;
  return to_v128(as<typename L::Bits>(a) ^ L::sign_bit);
}

template <class Float>
inline V128 float_min(V128 a, V128 b) {
  using L = FloatLanes<Float>;
  using Bits = typename L::Bits;
  Float x = as<Float>(a), y = as<Float>(b);
  Bits x_bits = as<Bits>(a), y_bits = as<Bits>(b);
  Bits result = select(x < y, x_bits, y_bits);
  // Equal lanes differ in bits only for ±0, where OR makes -0 win.
  result = select(x == y, x_bits | y_bits, result);
  return to_v128(select((x != x) | (y != y), splat<Bits>(L::canonical_nan), result));
}

template <class Float>
inline V128 float_max(V128 a, V128 b) {
  using L = FloatLanes<Float>;
  using Bits = typename L::Bits;
  Float x = as<Float>(a), y = as<Float>(b);
  Bits x_bits = as<Bits>(a), y_bits = as<Bits>(b);
  Bits result = select(x > y, x_bits, y_bits);
  // Equal lanes differ in bits only for ±0, where AND makes +0 win.
  result = select(x == y, x_bits & y_bits, result);
  return to_v128(select((x != x) | (y != y), splat<Bits>(L::canonical_nan), result));
}

// pmin/pmax are defined as plain selects, so NaNs and zero signs pass through untouched.
template <class Float>
inline V128 float_pmin(V128 a, V128 b) {
  Float x = as<Float>(a), y = as<Float>(b);
  return to_v128(select(y < x, y, x));
}

template <class Float>
inline V128 float_pmax(V128 a, V128 b) {
  Float x = as<Float>(a), y = as<Float>(b);
  return to_v128(select(x < y, y, x));
}

enum class Rounding { Nearest, Ceil, Floor, Trunc };

// Round every lane to an integral value without SSE4.1's roundps: work on |x|, where adding
// and subtracting 2^mantissa_bits rounds to nearest-even, derive floor/ceil of |x| from that,
// and put the sign back (every rounding of x has the sign of x, including -0 results).
template <class Float, Rounding mode>
inline V128 float_round_generic(V128 a) {
  using L = FloatLanes<Float>;
  using Bits = typename L::Bits;
  Bits x_bits = as<Bits>(a);
  Bits sign = x_bits & L::sign_bit;
  Float magnitude = bits<Float>(x_bits & ~L::sign_bit);
  Float threshold = splat<Float>(L::integral_threshold);
  Float one = splat<Float>(1);

  Float nearest = (magnitude + threshold) - threshold;
  Float floor_magnitude = nearest - bits<Float>(bits<Bits>(nearest > magnitude) & bits<Bits>(one));
  Float ceil_magnitude = nearest + bits<Float>(bits<Bits>(nearest < magnitude) & bits<Bits>(one));
  Float rounded;
  if constexpr (mode == Rounding::Nearest) {
    rounded = nearest;
  } else if constexpr (mode == Rounding::Trunc) {
    rounded = floor_magnitude;
  } else {
    Bits negative = bits<Bits>(sign != 0);
    // floor(-m) = -ceil(m) and ceil(-m) = -floor(m).
    rounded = mode == Rounding::Floor ? select(negative, ceil_magnitude, floor_magnitude)
                                      : select(negative, floor_magnitude, ceil_magnitude);
  }

  // Lanes at or above the threshold (and infinities) are already integral; NaNs are not
  // below it either, and must come out quiet.
  Bits is_nan = bits<Bits>(magnitude != magnitude);
  Bits unchanged = x_bits | (is_nan & L::quiet_bit);
  return to_v128(select(magnitude < threshold, bits<Bits>(rounded) | sign, unchanged));
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// f32x4

inline V128 F32x4Eq(V128 a, V128 b) { using namespace detail; return to_v128(as<f32x4>(a) == as<f32x4>(b)); }
inline V128 F32x4Ne(V128 a, V128 b) { using namespace detail; return to_v128(as<f32x4>(a) != as<f32x4>(b)); }
inline V128 F32x4Lt(V128 a, V128 b) { using namespace detail; return to_v128(as<f32x4>(a) < as<f32x4>(b)); }
inline V128 F32x4Gt(V128 a, V128 b) { using namespace detail; return to_v128(as<f32x4>(a) > as<f32x4>(b)); }
inline V128 F32x4Le(V128 a, V128 b) { using namespace detail; return to_v128(as<f32x4>(a) <= as<f32x4>(b)); }
inline V128 F32x4Ge(V128 a, V128 b) { using namespace detail; return to_v128(as<f32x4>(a) >= as<f32x4>(b)); }

inline V128 F32x4Abs(V128 a) { return detail::float_abs<detail::f32x4>(a); }
inline V128 F32x4Neg(V128 a) { return detail::float_neg<detail::f32x4>(a); }
inline V128 F32x4Sqrt(V128 a) { using namespace detail; return to_v128(__builtin_elementwise_sqrt(as<f32x4>(a))); }
inline V128 F32x4Add(V128 a, V128 b) { using namespace detail; return to_v128(as<f32x4>(a) + as<f32x4>(b)); }
inline V128 F32x4Sub(V128 a, V128 b) { using namespace detail; return to_v128(as<f32x4>(a) - as<f32x4>(b)); }
inline V128 F32x4Mul(V128 a, V128 b) { using namespace detail; return to_v128(as<f32x4>(a) * as<f32x4>(b)); }
inline V128 F32x4Div(V128 a, V128 b) { using namespace detail; return to_v128(as<f32x4>(a) / as<f32x4>(b)); }
inline V128 F32x4Min(V128 a, V128 b) { return detail::float_min<detail::f32x4>(a, b); }
inline V128 F32x4Max(V128 a, V128 b) { return detail::float_max<detail::f32x4>(a, b); }
inline V128 F32x4Pmin(V128 a, V128 b) { return detail::float_pmin<detail::f32x4>(a, b); }
inline V128 F32x4Pmax(V128 a, V128 b) { return detail::float_pmax<detail::f32x4>(a, b); }

#if defined(__SSE4_1__)
// roundps quiets signalling NaNs and keeps payloads, matching the Wasm NaN rules.
inline V128 F32x4Ceil(V128 a) { using namespace detail; return to_v128(_mm_round_ps(as<__m128>(a), _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC)); }
inline V128 F32x4Floor(V128 a) { using namespace detail; return to_v128(_mm_round_ps(as<__m128>(a), _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC)); }
inline V128 F32x4Trunc(V128 a) { using namespace detail; return to_v128(_mm_round_ps(as<__m128>(a), _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC)); }
inline V128 F32x4Nearest(V128 a) { using namespace detail; return to_v128(_mm_round_ps(as<__m128>(a), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)); }
#else
inline V128 F32x4Ceil(V128 a) { return detail::float_round_generic<detail::f32x4, detail::Rounding::Ceil>(a); }
inline V128 F32x4Floor(V128 a) { return detail::float_round_generic<detail::f32x4, detail::Rounding::Floor>(a); }
inline V128 F32x4Trunc(V128 a) { return detail::float_round_generic<detail::f32x4, detail::Rounding::Trunc>(a); }
inline V128 F32x4Nearest(V128 a) { return detail::float_round_generic<detail::f32x4, detail::Rounding::Nearest>(a); }
#endif

// ---------------------------------------------------------------------------------------------
// f64x2

inline V128 F64x2Eq(V128 a, V128 b) { using namespace detail; return to_v128(as<f64x2>(a) == as<f64x2>(b)); }
inline V128 F64x2Ne(V128 a, V128 b) { using namespace detail; return to_v128(as<f64x2>(a) != as<f64x2>(b)); }
inline V128 F64x2Lt(V128 a, V128 b) { using namespace detail; return to_v128(as<f64x2>(a) < as<f64x2>(b)); }
inline V128 F64x2Gt(V128 a, V128 b) { using namespace detail; return to_v128(as<f64x2>(a) > as<f64x2>(b)); }
inline V128 F64x2Le(V128 a, V128 b) { using namespace detail; return to_v128(as<f64x2>(a) <= as<f64x2>(b)); }
inline V128 F64x2Ge(V128 a, V128 b) { using namespace detail; return to_v128(as<f64x2>(a) >= as<f64x2>(b)); }

inline V128 F64x2Abs(V128 a) { return detail::float_abs<detail::f64x2>(a); }
inline V128 F64x2Neg(V128 a) { return detail::float_neg<detail::f64x2>(a); }
inline V128 F64x2Sqrt(V128 a) { using namespace detail; return to_v128(__builtin_elementwise_sqrt(as<f64x2>(a))); }
inline V128 F64x2Add(V128 a, V128 b) { using namespace detail; return to_v128(as<f64x2>(a) + as<f64x2>(b)); }
inline V128 F64x2Sub(V128 a, V128 b) { using namespace detail; return to_v128(as<f64x2>(a) - as<f64x2>(b)); }
inline V128 F64x2Mul(V128 a, V128 b) { using namespace detail; return to_v128(as<f64x2>(a) * as<f64x2>(b)); }
inline V128 F64x2Div(V128 a, V128 b) { using namespace detail; return to_v128(as<f64x2>(a) / as<f64x2>(b)); }
inline V128 F64x2Min(V128 a, V128 b) { return detail::float_min<detail::f64x2>(a, b); }
inline V128 F64x2Max(V128 a, V128 b) { return detail::float_max<detail::f64x2>(a, b); }
inline V128 F64x2Pmin(V128 a, V128 b) { return detail::float_pmin<detail::f64x2>(a, b); }
inline V128 F64x2Pmax(V128 a, V128 b) { return detail::float_pmax<detail::f64x2>(a, b); }

#if defined(__SSE4_1__)
inline V128 F64x2Ceil(V128 a) { using namespace detail; return to_v128(_mm_round_pd(as<__m128d>(a), _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC)); }
inline V128 F64x2Floor(V128 a) { using namespace detail; return to_v128(_mm_round_pd(as<__m128d>(a), _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC)); }
inline V128 F64x2Trunc(V128 a) { using namespace detail; return to_v128(_mm_round_pd(as<__m128d>(a), _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC)); }
inline V128 F64x2Nearest(V128 a) { using namespace detail; return to_v128(_mm_round_pd(as<__m128d>(a), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)); }
#else
inline V128 F64x2Ceil(V128 a) { return detail::float_round_generic<detail::f64x2, detail::Rounding::Ceil>(a); }
inline V128 F64x2Floor(V128 a) { return detail::float_round_generic<detail::f64x2, detail::Rounding::Floor>(a); }
inline V128 F64x2Trunc(V128 a) { return detail::float_round_generic<detail::f64x2, detail::Rounding::Trunc>(a); }
inline V128 F64x2Nearest(V128 a) { return detail::float_round_generic<detail::f64x2, detail::Rounding::Nearest>(a); }
#endif

}  // namespace stratus::exec::simd
