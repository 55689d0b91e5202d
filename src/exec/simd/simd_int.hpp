// Integer lane arithmetic, comparisons, shifts, bit tests and the v128 bitwise ops.
//
// Wrapping arithmetic is done on unsigned lane types: it is what Wasm specifies, and it keeps
// the code free of signed overflow regardless of how the compiler treats signed vector lanes.
// Signed lane types are used only where signedness matters (compares, arithmetic shift,
// min/max, saturation, sign extension).
#pragma once

#include "exec/simd/simd_types.hpp"

namespace stratus::exec::simd {

// ---------------------------------------------------------------------------------------------
// v128 bitwise

inline V128 V128Not(V128 a) { using namespace detail; return to_v128(~as<u64x2>(a)); }
inline V128 V128And(V128 a, V128 b) { using namespace detail; return to_v128(as<u64x2>(a) & as<u64x2>(b)); }
inline V128 V128AndNot(V128 a, V128 b) { using namespace detail; return to_v128(as<u64x2>(a) & ~as<u64x2>(b)); }
inline V128 V128Or(V128 a, V128 b) { using namespace detail; return to_v128(as<u64x2>(a) | as<u64x2>(b)); }
inline V128 V128Xor(V128 a, V128 b) { using namespace detail; return to_v128(as<u64x2>(a) ^ as<u64x2>(b)); }
// Bits of `c` choose between `a` (1) and `b` (0).
inline V128 V128Bitselect(V128 a, V128 b, V128 c) {
  using namespace detail;
  u64x2 mask = as<u64x2>(c);
  return to_v128((as<u64x2>(a) & mask) | (as<u64x2>(b) & ~mask));
}
inline uint32_t V128AnyTrue(V128 a) { return detail::any_bit_set(a) ? 1u : 0u; }

namespace detail {

template <class Vec>
inline uint32_t all_lanes_nonzero(V128 a) {
  // A lane is zero iff its compare-to-zero mask is set; all true iff no mask bit survives.
  return any_bit_set(to_v128(as<Vec>(a) == Vec{})) ? 0u : 1u;
}

// Two's complement abs that wraps for the most negative value, as Wasm requires.
template <class Signed, class Unsigned>
inline V128 wrapping_abs(V128 a) {
  constexpr int sign_shift = static_cast<int>(sizeof(lane_t<Signed>) * 8 - 1);
  Unsigned sign_mask = bits<Unsigned>(as<Signed>(a) >> sign_shift);
  Unsigned x = as<Unsigned>(a);
  return to_v128((x ^ sign_mask) - sign_mask);
}

// Unsigned rounding average without widening: a + b + 1 never overflows this way.
template <class Unsigned>
inline V128 rounding_average(V128 a, V128 b) {
  Unsigned x = as<Unsigned>(a), y = as<Unsigned>(b);
  return to_v128((x | y) - ((x ^ y) >> 1));
}

template <class Vec, unsigned LaneBits>
inline V128 shift_left(V128 a, uint32_t count) {
  return to_v128(as<Vec>(a) << static_cast<int>(count & (LaneBits - 1)));
}

template <class Vec, unsigned LaneBits>
inline V128 shift_right(V128 a, uint32_t count) {
  return to_v128(as<Vec>(a) >> static_cast<int>(count & (LaneBits - 1)));
}

// Sign bits of each lane, lane 0 in bit 0.
template <class Signed>
inline uint32_t sign_bits_generic(V128 a) {
  Signed x = as<Signed>(a);
  uint32_t mask = 0;
  for (int i = 0; i < lane_count<Signed>; ++i) mask |= (x[i] < 0 ? 1u : 0u) << i;
  return mask;
}

// Clamp wide lanes into the range of the narrow lane type, then truncate; `low` supplies the
// low half of the result.
template <class Narrow, class Wide>
inline V128 saturating_narrow(Wide low, Wide high, lane_t<Wide> min, lane_t<Wide> max) {
  Wide lower = splat<Wide>(min), upper = splat<Wide>(max);
  Wide clamped_low = __builtin_elementwise_min(__builtin_elementwise_max(low, lower), upper);
  Wide clamped_high = __builtin_elementwise_min(__builtin_elementwise_max(high, lower), upper);
  return to_v128(concat(__builtin_convertvector(clamped_low, Narrow),
                        __builtin_convertvector(clamped_high, Narrow)));
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// i8x16

inline V128 I8x16Eq(V128 a, V128 b) { using namespace detail; return to_v128(as<u8x16>(a) == as<u8x16>(b)); }
inline V128 I8x16Ne(V128 a, V128 b) { using namespace detail; return to_v128(as<u8x16>(a) != as<u8x16>(b)); }
inline V128 I8x16LtS(V128 a, V128 b) { using namespace detail; return to_v128(as<i8x16>(a) < as<i8x16>(b)); }
inline V128 I8x16LtU(V128 a, V128 b) { using namespace detail; return to_v128(as<u8x16>(a) < as<u8x16>(b)); }
inline V128 I8x16GtS(V128 a, V128 b) { using namespace detail; return to_v128(as<i8x16>(a) > as<i8x16>(b)); }
inline V128 I8x16GtU(V128 a, V128 b) { using namespace detail; return to_v128(as<u8x16>(a) > as<u8x16>(b)); }
inline V128 I8x16LeS(V128 a, V128 b) { using namespace detail; return to_v128(as<i8x16>(a) <= as<i8x16>(b)); }
inline V128 I8x16LeU(V128 a, V128 b) { using namespace detail; return to_v128(as<u8x16>(a) <= as<u8x16>(b)); }
inline V128 I8x16GeS(V128 a, V128 b) { using namespace detail; return to_v128(as<i8x16>(a) >= as<i8x16>(b)); }
inline V128 I8x16GeU(V128 a, V128 b) { using namespace detail; return to_v128(as<u8x16>(a) >= as<u8x16>(b)); }

inline V128 I8x16Abs(V128 a) { return detail::wrapping_abs<detail::i8x16, detail::u8x16>(a); }
inline V128 I8x16Neg(V128 a) { using namespace detail; return to_v128(u8x16{} - as<u8x16>(a)); }
inline V128 I8x16Popcnt(V128 a) {
  using namespace detail;
  // Classic SWAR popcount; SSE2 has no byte popcount, and LLVM expands ctpop the same way.
  u8x16 x = as<u8x16>(a);
  x = x - ((x >> 1) & 0x55);
  x = (x & 0x33) + ((x >> 2) & 0x33);
  return to_v128((x + (x >> 4)) & 0x0F);
}
inline uint32_t I8x16AllTrue(V128 a) { return detail::all_lanes_nonzero<detail::u8x16>(a); }
inline uint32_t I8x16Bitmask(V128 a) {
#if defined(__SSE2__)
  return static_cast<uint32_t>(_mm_movemask_epi8(detail::to_m128i(a)));
#else
  return detail::sign_bits_generic<detail::i8x16>(a);
#endif
}
inline V128 I8x16NarrowI16x8S(V128 a, V128 b) {
#if defined(__SSE2__)
  return detail::from_m128i(_mm_packs_epi16(detail::to_m128i(a), detail::to_m128i(b)));
#else
  using namespace detail;
  return saturating_narrow<i8x8>(as<i16x8>(a), as<i16x8>(b), -128, 127);
#endif
}
inline V128 I8x16NarrowI16x8U(V128 a, V128 b) {
#if defined(__SSE2__)
  return detail::from_m128i(_mm_packus_epi16(detail::to_m128i(a), detail::to_m128i(b)));
#else
  using namespace detail;
  return saturating_narrow<u8x8>(as<i16x8>(a), as<i16x8>(b), 0, 255);
#endif
}

inline V128 I8x16Shl(V128 a, uint32_t count) { return detail::shift_left<detail::u8x16, 8>(a, count); }
inline V128 I8x16ShrS(V128 a, uint32_t count) { return detail::shift_right<detail::i8x16, 8>(a, count); }
inline V128 I8x16ShrU(V128 a, uint32_t count) { return detail::shift_right<detail::u8x16, 8>(a, count); }

inline V128 I8x16Add(V128 a, V128 b) { using namespace detail; return to_v128(as<u8x16>(a) + as<u8x16>(b)); }
inline V128 I8x16AddSatS(V128 a, V128 b) { using namespace detail; return to_v128(__builtin_elementwise_add_sat(as<i8x16>(a), as<i8x16>(b))); }
inline V128 I8x16AddSatU(V128 a, V128 b) { using namespace detail; return to_v128(__builtin_elementwise_add_sat(as<u8x16>(a), as<u8x16>(b))); }
inline V128 I8x16Sub(V128 a, V128 b) { using namespace detail; return to_v128(as<u8x16>(a) - as<u8x16>(b)); }
inline V128 I8x16SubSatS(V128 a, V128 b) { using namespace detail; return to_v128(__builtin_elementwise_sub_sat(as<i8x16>(a), as<i8x16>(b))); }
inline V128 I8x16SubSatU(V128 a, V128 b) { using namespace detail; return to_v128(__builtin_elementwise_sub_sat(as<u8x16>(a), as<u8x16>(b))); }
inline V128 I8x16MinS(V128 a, V128 b) { using namespace detail; return to_v128(__builtin_elementwise_min(as<i8x16>(a), as<i8x16>(b))); }
inline V128 I8x16MinU(V128 a, V128 b) { using namespace detail; return to_v128(__builtin_elementwise_min(as<u8x16>(a), as<u8x16>(b))); }
inline V128 I8x16MaxS(V128 a, V128 b) { using namespace detail; return to_v128(__builtin_elementwise_max(as<i8x16>(a), as<i8x16>(b))); }
inline V128 I8x16MaxU(V128 a, V128 b) { using namespace detail; return to_v128(__builtin_elementwise_max(as<u8x16>(a), as<u8x16>(b))); }
inline V128 I8x16AvgrU(V128 a, V128 b) {
#if defined(__SSE2__)
  return detail::from_m128i(_mm_avg_epu8(detail::to_m128i(a), detail::to_m128i(b)));
#else
  return detail::rounding_average<detail::u8x16>(a, b);
#endif
}

// ---------------------------------------------------------------------------------------------
// i16x8

inline V128 I16x8Eq(V128 a, V128 b) { using namespace detail; return to_v128(as<u16x8>(a) == as<u16x8>(b)); }
inline V128 I16x8Ne(V128 a, V128 b) { using namespace detail; return to_v128(as<u16x8>(a) != as<u16x8>(b)); }
inline V128 I16x8LtS(V128 a, V128 b) { using namespace detail; return to_v128(as<i16x8>(a) < as<i16x8>(b)); }
inline V128 I16x8LtU(V128 a, V128 b) { using namespace detail; return to_v128(as<u16x8>(a) < as<u16x8>(b)); }
inline V128 I16x8GtS(V128 a, V128 b) { using namespace detail; return to_v128(as<i16x8>(a) > as<i16x8>(b)); }
inline V128 I16x8GtU(V128 a, V128 b) { using namespace detail; return to_v128(as<u16x8>(a) > as<u16x8>(b)); }
inline V128 I16x8LeS(V128 a, V128 b) { using namespace detail; return to_v128(as<i16x8>(a) <= as<i16x8>(b)); }
inline V128 I16x8LeU(V128 a, V128 b) { using namespace detail; return to_v128(as<u16x8>(a) <= as<u16x8>(b)); }
inline V128 I16x8GeS(V128 a, V128 b) { using namespace detail; return to_v128(as<i16x8>(a) >= as<i16x8>(b)); }
inline V128 I16x8GeU(V128 a, V128 b) { using namespace detail; return to_v128(as<u16x8>(a) >= as<u16x8>(b)); }

inline V128 I16x8Abs(V128 a) { return detail::wrapping_abs<detail::i16x8, detail::u16x8>(a); }
inline V128 I16x8Neg(V128 a) { using namespace detail; return to_v128(u16x8{} - as<u16x8>(a)); }
inline V128 I16x8Q15mulrSatS(V128 a, V128 b) {
  using namespace detail;
#if defined(__SSSE3__)
  // pmulhrsw computes the same rounding but wraps the single overflow case
  // (-32768 * -32768) to -32768; flip those lanes to 32767.
  __m128i product = _mm_mulhrs_epi16(to_m128i(a), to_m128i(b));
  __m128i overflowed = _mm_cmpeq_epi16(product, _mm_set1_epi16(INT16_MIN));
  return from_m128i(_mm_xor_si128(product, overflowed));
#else
  // In 32 bits nothing overflows: |a*b| <= 2^30, plus the 2^14 rounding term.
  i16x8 x = as<i16x8>(a), y = as<i16x8>(b);
  i32x4 low = __builtin_convertvector(low_half(x), i32x4) * __builtin_convertvector(low_half(y), i32x4);
  i32x4 high = __builtin_convertvector(high_half(x), i32x4) * __builtin_convertvector(high_half(y), i32x4);
  low = (low + 0x4000) >> 15;
  high = (high + 0x4000) >> 15;
  return saturating_narrow<i16x4>(low, high, INT16_MIN, INT16_MAX);
#endif
}
inline uint32_t I16x8AllTrue(V128 a) { return detail::all_lanes_nonzero<detail::u16x8>(a); }
inline uint32_t I16x8Bitmask(V128 a) {
#if defined(__SSE2__)
  // Saturating pack keeps each lane's sign, so the byte sign bits are the lane sign bits.
  __m128i packed = _mm_packs_epi16(detail::to_m128i(a), _mm_setzero_si128());
  return static_cast<uint32_t>(_mm_movemask_epi8(packed)) & 0xFFu;
#else
  return detail::sign_bits_generic<detail::i16x8>(a);
#endif
}
inline V128 I16x8NarrowI32x4S(V128 a, V128 b) {
#if defined(__SSE2__)
  return detail::from_m128i(_mm_packs_epi32(detail::to_m128i(a), detail::to_m128i(b)));
#else
  using namespace detail;
  return saturating_narrow<i16x4>(as<i32x4>(a), as<i32x4>(b), INT16_MIN, INT16_MAX);
#endif
}
inline V128 I16x8NarrowI32x4U(V128 a, V128 b) {
#if defined(__SSE4_1__)
  return detail::from_m128i(_mm_packus_epi32(detail::to_m128i(a), detail::to_m128i(b)));
#else
  using namespace detail;
  return saturating_narrow<u16x4>(as<i32x4>(a), as<i32x4>(b), 0, UINT16_MAX);
#endif
}

inline V128 I16x8ExtendLowI8x16S(V128 a) { using namespace detail; return to_v128(__builtin_convertvector(low_half(as<i8x16>(a)), i16x8)); }
inline V128 I16x8ExtendHighI8x16S(V128 a) { using namespace detail; return to_v128(__builtin_convertvector(high_half(as<i8x16>(a)), i16x8)); }
inline V128 I16x8ExtendLowI8x16U(V128 a) { using namespace detail; return to_v128(__builtin_convertvector(low_half(as<u8x16>(a)), u16x8)); }
inline V128 I16x8ExtendHighI8x16U(V128 a) { using namespace detail; return to_v128(__builtin_convertvector(high_half(as<u8x16>(a)), u16x8)); }

inline V128 I16x8ExtaddPairwiseI8x16S(V128 a) {
  using namespace detail;
  i8x16 x = as<i8x16>(a);
  return to_v128(__builtin_convertvector(even_lanes(x), i16x8) + __builtin_convertvector(odd_lanes(x), i16x8));
}
inline V128 I16x8ExtaddPairwiseI8x16U(V128 a) {
  using namespace detail;
  u8x16 x = as<u8x16>(a);
  return to_v128(__builtin_convertvector(even_lanes(x), u16x8) + __builtin_convertvector(odd_lanes(x), u16x8));
}

inline V128 I16x8Shl(V128 a, uint32_t count) { return detail::shift_left<detail::u16x8, 16>(a, count); }
inline V128 I16x8ShrS(V128 a, uint32_t count) { return detail::shift_right<detail::i16x8, 16>(a, count); }
inline V128 I16x8ShrU(V128 a, uint32_t count) { return detail::shift_right<detail::u16x8, 16>(a, count); }

inline V128 I16x8Add(V128 a, V128 b) { using namespace detail; return to_v128(as<u16x8>(a) + as<u16x8>(b)); }
inline V128 I16x8AddSatS(V128 a, V128 b) { using namespace detail; return to_v128(__builtin_elementwise_add_sat(as<i16x8>(a), as<i16x8>(b))); }
inline V128 I16x8AddSatU(V128 a, V128 b) { using namespace detail; return to_v128(__builtin_elementwise_add_sat(as<u16x8>(a), as<u16x8>(b))); }
inline V128 I16x8Sub(V128 a, V128 b) { using namespace detail; return to_v128(as<u16x8>(a) - as<u16x8>(b)); }
inline V128 I16x8SubSatS(V128 a, V128 b) { using namespace detail; return to_v128(__builtin_elementwise_sub_sat(as<i16x8>(a), as<i16x8>(b))); }
inline V128 I16x8SubSatU(V128 a, V128 b) { using namespace detail; return to_v128(__builtin_elementwise_sub_sat(as<u16x8>(a), as<u16x8>(b))); }
inline V128 I16x8Mul(V128 a, V128 b) { using namespace detail; return to_v128(as<u16x8>(a) * as<u16x8>(b)); }
inline V128 I16x8MinS(V128 a, V128 b) { using namespace detail; return to_v128(__builtin_elementwise_min(as<i16x8>(a), as<i16x8>(b))); }
inline V128 I16x8MinU(V128 a, V128 b) { using namespace detail; return to_v128(__builtin_elementwise_min(as<u16x8>(a), as<u16x8>(b))); }
inline V128 I16x8MaxS(V128 a, V128 b) { using namespace detail; return to_v128(__builtin_elementwise_max(as<i16x8>(a), as<i16x8>(b))); }
inline V128 I16x8MaxU(V128 a, V128 b) { using namespace detail; return to_v128(__builtin_elementwise_max(as<u16x8>(a), as<u16x8>(b))); }
inline V128 I16x8AvgrU(V128 a, V128 b) {
#if defined(__SSE2__)
  return detail::from_m128i(_mm_avg_epu16(detail::to_m128i(a), detail::to_m128i(b)));
#else
  return detail::rounding_average<detail::u16x8>(a, b);
#endif
}

// Products of 8-bit lanes always fit in 16 bits, signed or unsigned.
inline V128 I16x8ExtmulLowI8x16S(V128 a, V128 b) {
  using namespace detail;
  return to_v128(__builtin_convertvector(low_half(as<i8x16>(a)), i16x8) * __builtin_convertvector(low_half(as<i8x16>(b)), i16x8));
}
inline V128 I16x8ExtmulHighI8x16S(V128 a, V128 b) {
  using namespace detail;
  return to_v128(__builtin_convertvector(high_half(as<i8x16>(a)), i16x8) * __builtin_convertvector(high_half(as<i8x16>(b)), i16x8));
}
inline V128 I16x8ExtmulLowI8x16U(V128 a, V128 b) {
  using namespace detail;
  return to_v128(__builtin_convertvector(low_half(as<u8x16>(a)), u16x8) * __builtin_convertvector(low_half(as<u8x16>(b)), u16x8));
}
inline V128 I16x8ExtmulHighI8x16U(V128 a, V128 b) {
  using namespace detail;
  return to_v128(__builtin_convertvector(high_half(as<u8x16>(a)), u16x8) * __builtin_convertvector(high_half(as<u8x16>(b)), u16x8));
}

// ---------------------------------------------------------------------------------------------
// i32x4

inline V128 I32x4Eq(V128 a, V128 b) { using namespace detail; return to_v128(as<u32x4>(a) == as<u32x4>(b)); }
inline V128 I32x4Ne(V128 a, V128 b) { using namespace detail; return to_v128(as<u32x4>(a) != as<u32x4>(b)); }
inline V128 I32x4LtS(V128 a, V128 b) { using namespace detail; return to_v128(as<i32x4>(a) < as<i32x4>(b)); }
inline V128 I32x4LtU(V128 a, V128 b) { using namespace detail; return to_v128(as<u32x4>(a) < as<u32x4>(b)); }
inline V128 I32x4GtS(V128 a, V128 b) { using namespace detail; return to_v128(as<i32x4>(a) > as<i32x4>(b)); }
inline V128 I32x4GtU(V128 a, V128 b) { using namespace detail; return to_v128(as<u32x4>(a) > as<u32x4>(b)); }
inline V128 I32x4LeS(V128 a, V128 b) { using namespace detail; return to_v128(as<i32x4>(a) <= as<i32x4>(b)); }
inline V128 I32x4LeU(V128 a, V128 b) { using namespace detail; return to_v128(as<u32x4>(a) <= as<u32x4>(b)); }
inline V128 I32x4GeS(V128 a, V128 b) { using namespace detail; return to_v128(as<i32x4>(a) >= as<i32x4>(b)); }
inline V128 I32x4GeU(V128 a, V128 b) { using namespace detail; return to_v128(as<u32x4>(a) >= as<u32x4>(b)); }

inline V128 I32x4Abs(V128 a) { return detail::wrapping_abs<detail::i32x4, detail::u32x4>(a); }
inline V128 I32x4Neg(V128 a) { using namespace detail; return to_v128(u32x4{} - as<u32x4>(a)); }
inline uint32_t I32x4AllTrue(V128 a) { return detail::all_lanes_nonzero<detail::u32x4>(a); }
inline uint32_t I32x4Bitmask(V128 a) {
#if defined(__SSE2__)
  return static_cast<uint32_t>(_mm_movemask_ps(_mm_castsi128_ps(detail::to_m128i(a))));
#else
  return detail::sign_bits_generic<detail::i32x4>(a);
#endif
}

inline V128 I32x4ExtendLowI16x8S(V128 a) { using namespace detail; return to_v128(__builtin_convertvector(low_half(as<i16x8>(a)), i32x4)); }
inline V128 I32x4ExtendHighI16x8S(V128 a) { using namespace detail; return to_v128(__builtin_convertvector(high_half(as<i16x8>(a)), i32x4)); }
inline V128 I32x4ExtendLowI16x8U(V128 a) { using namespace detail; return to_v128(__builtin_convertvector(low_half(as<u16x8>(a)), u32x4)); }
inline V128 I32x4ExtendHighI16x8U(V128 a) { using namespace detail; return to_v128(__builtin_convertvector(high_half(as<u16x8>(a)), u32x4)); }

inline V128 I32x4ExtaddPairwiseI16x8S(V128 a) {
#if defined(__SSE2__)
  // pmaddwd against ones is exactly a signed pairwise widening add.
  return detail::from_m128i(_mm_madd_epi16(detail::to_m128i(a), _mm_set1_epi16(1)));
#else
  using namespace detail;
  i16x8 x = as<i16x8>(a);
  return to_v128(__builtin_convertvector(even_lanes(x), i32x4) + __builtin_convertvector(odd_lanes(x), i32x4));
#endif
}
inline V128 I32x4ExtaddPairwiseI16x8U(V128 a) {
#if defined(__SSE2__)
  // Bias to signed (u - 32768), pairwise-add with pmaddwd, then add back 2 * 32768.
  __m128i biased = _mm_xor_si128(detail::to_m128i(a), _mm_set1_epi16(INT16_MIN));
  __m128i sums = _mm_madd_epi16(biased, _mm_set1_epi16(1));
  return detail::from_m128i(_mm_add_epi32(sums, _mm_set1_epi32(0x10000)));
#else
  using namespace detail;
  u16x8 x = as<u16x8>(a);
  return to_v128(__builtin_convertvector(even_lanes(x), u32x4) + __builtin_convertvector(odd_lanes(x), u32x4));
#endif
}

inline V128 I32x4Shl(V128 a, uint32_t count) { return detail::shift_left<detail::u32x4, 32>(a, count); }
inline V128 I32x4ShrS(V128 a, uint32_t count) { return detail::shift_right<detail::i32x4, 32>(a, count); }
inline V128 I32x4ShrU(V128 a, uint32_t count) { return detail::shift_right<detail::u32x4, 32>(a, count); }

inline V128 I32x4Add(V128 a, V128 b) { using namespace detail; return to_v128(as<u32x4>(a) + as<u32x4>(b)); }
inline V128 I32x4Sub(V128 a, V128 b) { using namespace detail; return to_v128(as<u32x4>(a) - as<u32x4>(b)); }
inline V128 I32x4Mul(V128 a, V128 b) { using namespace detail; return to_v128(as<u32x4>(a) * as<u32x4>(b)); }
inline V128 I32x4MinS(V128 a, V128 b) { using namespace detail; return to_v128(__builtin_elementwise_min(as<i32x4>(a), as<i32x4>(b))); }
inline V128 I32x4MinU(V128 a, V128 b) { using namespace detail; return to_v128(__builtin_elementwise_min(as<u32x4>(a), as<u32x4>(b))); }
inline V128 I32x4MaxS(V128 a, V128 b) { using namespace detail; return to_v128(__builtin_elementwise_max(as<i32x4>(a), as<i32x4>(b))); }
inline V128 I32x4MaxU(V128 a, V128 b) { using namespace detail; return to_v128(__builtin_elementwise_max(as<u32x4>(a), as<u32x4>(b))); }
inline V128 I32x4DotI16x8S(V128 a, V128 b) {
#if defined(__SSE2__)
  // pmaddwd wraps the one overflowing case (all four inputs -32768) exactly like Wasm.
  return detail::from_m128i(_mm_madd_epi16(detail::to_m128i(a), detail::to_m128i(b)));
#else
  using namespace detail;
  i16x8 x = as<i16x8>(a), y = as<i16x8>(b);
  i32x4 even = __builtin_convertvector(even_lanes(x), i32x4) * __builtin_convertvector(even_lanes(y), i32x4);
  i32x4 odd = __builtin_convertvector(odd_lanes(x), i32x4) * __builtin_convertvector(odd_lanes(y), i32x4);
  // Each product fits in i32; their sum may not, and must wrap.
  return to_v128(bits<u32x4>(even) + bits<u32x4>(odd));
#endif
}

// 16-bit products always fit in 32 bits.
inline V128 I32x4ExtmulLowI16x8S(V128 a, V128 b) {
  using namespace detail;
  return to_v128(__builtin_convertvector(low_half(as<i16x8>(a)), i32x4) * __builtin_convertvector(low_half(as<i16x8>(b)), i32x4));
}
inline V128 I32x4ExtmulHighI16x8S(V128 a, V128 b) {
  using namespace detail;
  return to_v128(__builtin_convertvector(high_half(as<i16x8>(a)), i32x4) * __builtin_convertvector(high_half(as<i16x8>(b)), i32x4));
}
inline V128 I32x4ExtmulLowI16x8U(V128 a, V128 b) {
  using namespace detail;
  return to_v128(__builtin_convertvector(low_half(as<u16x8>(a)), u32x4) * __builtin_convertvector(low_half(as<u16x8>(b)), u32x4));
}
inline V128 I32x4ExtmulHighI16x8U(V128 a, V128 b) {
  using namespace detail;
  return to_v128(__builtin_convertvector(high_half(as<u16x8>(a)), u32x4) * __builtin_convertvector(high_half(as<u16x8>(b)), u32x4));
}

// ---------------------------------------------------------------------------------------------
// i64x2

inline V128 I64x2Eq(V128 a, V128 b) { using namespace detail; return to_v128(as<u64x2>(a) == as<u64x2>(b)); }
inline V128 I64x2Ne(V128 a, V128 b) { using namespace detail; return to_v128(as<u64x2>(a) != as<u64x2>(b)); }
inline V128 I64x2LtS(V128 a, V128 b) { using namespace detail; return to_v128(as<i64x2>(a) < as<i64x2>(b)); }
inline V128 I64x2GtS(V128 a, V128 b) { using namespace detail; return to_v128(as<i64x2>(a) > as<i64x2>(b)); }
inline V128 I64x2LeS(V128 a, V128 b) { using namespace detail; return to_v128(as<i64x2>(a) <= as<i64x2>(b)); }
inline V128 I64x2GeS(V128 a, V128 b) { using namespace detail; return to_v128(as<i64x2>(a) >= as<i64x2>(b)); }

inline V128 I64x2Abs(V128 a) { return detail::wrapping_abs<detail::i64x2, detail::u64x2>(a); }
inline V128 I64x2Neg(V128 a) { using namespace detail; return to_v128(u64x2{} - as<u64x2>(a)); }
inline uint32_t I64x2AllTrue(V128 a) {
  uint64_t lanes[2];
  __builtin_memcpy(lanes, a.bytes, 16);
  return (lanes[0] != 0 && lanes[1] != 0) ? 1u : 0u;
}
inline uint32_t I64x2Bitmask(V128 a) {
#if defined(__SSE2__)
  return static_cast<uint32_t>(_mm_movemask_pd(_mm_castsi128_pd(detail::to_m128i(a))));
#else
  return detail::sign_bits_generic<detail::i64x2>(a);
#endif
}

inline V128 I64x2ExtendLowI32x4S(V128 a) { using namespace detail; return to_v128(__builtin_convertvector(low_half(as<i32x4>(a)), i64x2)); }
inline V128 I64x2ExtendHighI32x4S(V128 a) { using namespace detail; return to_v128(__builtin_convertvector(high_half(as<i32x4>(a)), i64x2)); }
inline V128 I64x2ExtendLowI32x4U(V128 a) { using namespace detail; return to_v128(__builtin_convertvector(low_half(as<u32x4>(a)), u64x2)); }
inline V128 I64x2ExtendHighI32x4U(V128 a) { using namespace detail; return to_v128(__builtin_convertvector(high_half(as<u32x4>(a)), u64x2)); }

inline V128 I64x2Shl(V128 a, uint32_t count) { return detail::shift_left<detail::u64x2, 64>(a, count); }
inline V128 I64x2ShrS(V128 a, uint32_t count) { return detail::shift_right<detail::i64x2, 64>(a, count); }
inline V128 I64x2ShrU(V128 a, uint32_t count) { return detail::shift_right<detail::u64x2, 64>(a, count); }

inline V128 I64x2Add(V128 a, V128 b) { using namespace detail; return to_v128(as<u64x2>(a) + as<u64x2>(b)); }
inline V128 I64x2Sub(V128 a, V128 b) { using namespace detail; return to_v128(as<u64x2>(a) - as<u64x2>(b)); }
inline V128 I64x2Mul(V128 a, V128 b) { using namespace detail; return to_v128(as<u64x2>(a) * as<u64x2>(b)); }

// 32-bit products always fit in 64 bits.
inline V128 I64x2ExtmulLowI32x4S(V128 a, V128 b) {
  using namespace detail;
  return to_v128(__builtin_convertvector(low_half(as<i32x4>(a)), i64x2) * __builtin_convertvector(low_half(as<i32x4>(b)), i64x2));
}
inline V128 I64x2ExtmulHighI32x4S(V128 a, V128 b) {
  using namespace detail;
  return to_v128(__builtin_convertvector(high_half(as<i32x4>(a)), i64x2) * __builtin_convertvector(high_half(as<i32x4>(b)), i64x2));
}
inline V128 I64x2ExtmulLowI32x4U(V128 a, V128 b) {
  using namespace detail;
  return to_v128(__builtin_convertvector(low_half(as<u32x4>(a)), u64x2) * __builtin_convertvector(low_half(as<u32x4>(b)), u64x2));
}
inline V128 I64x2ExtmulHighI32x4U(V128 a, V128 b) {
  using namespace detail;
  return to_v128(__builtin_convertvector(high_half(as<u32x4>(a)), u64x2) * __builtin_convertvector(high_half(as<u32x4>(b)), u64x2));
}

}  // namespace stratus::exec::simd
