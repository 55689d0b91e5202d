// Splats, lane extraction/replacement, shuffle and swizzle, and v128.const.
//
// Lane indices are validated immediates, but they are still masked to the lane count so a
// bad index can never index outside the 16 bytes.
#pragma once

#include "exec/simd/simd_types.hpp"

namespace stratus::exec::simd {

// The interpreter normally materialises v128.const from the immediate itself; this identity
// exists so that an X-macro over every 0xFD opcode finds a function for each one.
inline V128 V128Const(V128 immediate) { return immediate; }

// Floats travel as bit patterns so NaN payloads survive unchanged.
inline V128 I8x16Splat(uint32_t x) { using namespace detail; return to_v128(splat<u8x16>(static_cast<uint8_t>(x))); }
inline V128 I16x8Splat(uint32_t x) { using namespace detail; return to_v128(splat<u16x8>(static_cast<uint16_t>(x))); }
inline V128 I32x4Splat(uint32_t x) { using namespace detail; return to_v128(splat<u32x4>(x)); }
inline V128 I64x2Splat(uint64_t x) { using namespace detail; return to_v128(splat<u64x2>(x)); }
inline V128 F32x4Splat(uint32_t bits) { return I32x4Splat(bits); }
inline V128 F64x2Splat(uint64_t bits) { return I64x2Splat(bits); }

namespace detail {

template <class Lane, int lanes>
inline Lane lane_at(const V128& v, uint8_t lane) {
  Lane x;
  __builtin_memcpy(&x, v.bytes + (lane & (lanes - 1)) * sizeof(Lane), sizeof(Lane));
  return x;
}

template <class Lane, int lanes>
inline V128 with_lane(V128 v, Lane x, uint8_t lane) {
  __builtin_memcpy(v.bytes + (lane & (lanes - 1)) * sizeof(Lane), &x, sizeof(Lane));
  return v;
}

}  // namespace detail

inline uint32_t I8x16ExtractLaneS(V128 a, uint8_t lane) {
  return static_cast<uint32_t>(static_cast<int32_t>(detail::lane_at<int8_t, 16>(a, lane)));
}
inline uint32_t I8x16ExtractLaneU(V128 a, uint8_t lane) { return detail::lane_at<uint8_t, 16>(a, lane); }
inline uint32_t I16x8ExtractLaneS(V128 a, uint8_t lane) {
  return static_cast<uint32_t>(static_cast<int32_t>(detail::lane_at<int16_t, 8>(a, lane)));
}
inline uint32_t I16x8ExtractLaneU(V128 a, uint8_t lane) { return detail::lane_at<uint16_t, 8>(a, lane); }
inline uint32_t I32x4ExtractLane(V128 a, uint8_t lane) { return detail::lane_at<uint32_t, 4>(a, lane); }
inline uint64_t I64x2ExtractLane(V128 a, uint8_t lane) { return detail::lane_at<uint64_t, 2>(a, lane); }
inline uint32_t F32x4ExtractLane(V128 a, uint8_t lane) { return detail::lane_at<uint32_t, 4>(a, lane); }
inline uint64_t F64x2ExtractLane(V128 a, uint8_t lane) { return detail::lane_at<uint64_t, 2>(a, lane); }

inline V128 I8x16ReplaceLane(V128 a, uint32_t x, uint8_t lane) { return detail::with_lane<uint8_t, 16>(a, static_cast<uint8_t>(x), lane); }
inline V128 I16x8ReplaceLane(V128 a, uint32_t x, uint8_t lane) { return detail::with_lane<uint16_t, 8>(a, static_cast<uint16_t>(x), lane); }
inline V128 I32x4ReplaceLane(V128 a, uint32_t x, uint8_t lane) { return detail::with_lane<uint32_t, 4>(a, x, lane); }
inline V128 I64x2ReplaceLane(V128 a, uint64_t x, uint8_t lane) { return detail::with_lane<uint64_t, 2>(a, x, lane); }
inline V128 F32x4ReplaceLane(V128 a, uint32_t bits, uint8_t lane) { return detail::with_lane<uint32_t, 4>(a, bits, lane); }
inline V128 F64x2ReplaceLane(V128 a, uint64_t bits, uint8_t lane) { return detail::with_lane<uint64_t, 2>(a, bits, lane); }

// `lanes` holds the 16 immediate byte indices into the 32-byte concatenation a:b.
inline V128 I8x16Shuffle(V128 a, V128 b, V128 lanes) {
  uint8_t both[32];
  __builtin_memcpy(both, a.bytes, 16);
  __builtin_memcpy(both + 16, b.bytes, 16);
  V128 r;
  for (int i = 0; i < 16; ++i) r.bytes[i] = both[lanes.bytes[i] & 31];
  return r;
}

// Selector bytes >= 16 produce 0.
inline V128 I8x16Swizzle(V128 a, V128 b) {
#if defined(__SSSE3__)
  // pshufb zeroes a lane when the selector's top bit is set; saturating-adding 0x70 sets it
  // for every selector >= 16 while keeping the low four bits of those below.
  __m128i selectors = _mm_adds_epu8(detail::to_m128i(b), _mm_set1_epi8(0x70));
  return detail::from_m128i(_mm_shuffle_epi8(detail::to_m128i(a), selectors));
#else
  // Branch-free: out-of-range selectors are clamped (pminub on SSE2) onto a zero byte.
  using namespace detail;
  uint8_t table[17] = {};
  __builtin_memcpy(table, a.bytes, 16);
  u8x16 selectors = __builtin_elementwise_min(as<u8x16>(b), splat<u8x16>(16));
  V128 r;
  for (int i = 0; i < 16; ++i) r.bytes[i] = table[selectors[i]];
  return r;
#endif
}

}  // namespace stratus::exec::simd
