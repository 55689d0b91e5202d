// SIMD loads and stores. The interpreter bounds-checks `Name_bytes` bytes at the effective
// address and passes a pointer to them; the pointer may be unaligned, so every access is a
// memcpy (a plain unaligned vector load/store once compiled).
#pragma once

#include <cstdint>

#include "exec/simd/simd_shape.hpp"
#include "exec/simd/simd_types.hpp"

namespace stratus::exec::simd {

// `Name_bytes` for every 0xFD load and store, from the bytes column of opcodes.def.
#define STRATUS_SIMD_BYTES_MemArg(name, bytes) inline constexpr uint32_t name##_bytes = bytes;
#define STRATUS_SIMD_BYTES_MemArgLane(name, bytes) STRATUS_SIMD_BYTES_MemArg(name, bytes)
#define STRATUS_SIMD_BYTES_None(name, bytes)
#define STRATUS_SIMD_BYTES_Lane(name, bytes)
#define STRATUS_SIMD_BYTES_Shuffle(name, bytes)
#define STRATUS_SIMD_BYTES_V128(name, bytes)
#define STRATUS_OP(name, prefix, code, text, imm, sig, bytes, lanes) \
  STRATUS_SIMD_ONLY(prefix, STRATUS_SIMD_BYTES_##imm(name, bytes))
#include "binary/opcodes.def"
#undef STRATUS_OP
#undef STRATUS_SIMD_BYTES_MemArg
#undef STRATUS_SIMD_BYTES_MemArgLane
#undef STRATUS_SIMD_BYTES_None
#undef STRATUS_SIMD_BYTES_Lane
#undef STRATUS_SIMD_BYTES_Shuffle
#undef STRATUS_SIMD_BYTES_V128

namespace detail {

template <class T>
inline T load_unaligned(const uint8_t* p) {
  T x;
  __builtin_memcpy(&x, p, sizeof x);
  return x;
}

// Load a half-width vector and widen each lane to twice its size.
template <class Half, class Wide>
inline V128 load_extend(const uint8_t* p) {
  return to_v128(__builtin_convertvector(load_unaligned<Half>(p), Wide));
}

}  // namespace detail

inline V128 V128Load(const uint8_t* p) { return detail::load_unaligned<V128>(p); }
inline void V128Store(uint8_t* p, V128 v) { __builtin_memcpy(p, v.bytes, 16); }

inline V128 V128Load8x8S(const uint8_t* p) { return detail::load_extend<detail::i8x8, detail::i16x8>(p); }
inline V128 V128Load8x8U(const uint8_t* p) { return detail::load_extend<detail::u8x8, detail::u16x8>(p); }
inline V128 V128Load16x4S(const uint8_t* p) { return detail::load_extend<detail::i16x4, detail::i32x4>(p); }
inline V128 V128Load16x4U(const uint8_t* p) { return detail::load_extend<detail::u16x4, detail::u32x4>(p); }
inline V128 V128Load32x2S(const uint8_t* p) { return detail::load_extend<detail::i32x2, detail::i64x2>(p); }
inline V128 V128Load32x2U(const uint8_t* p) { return detail::load_extend<detail::u32x2, detail::u64x2>(p); }

inline V128 V128Load8Splat(const uint8_t* p) { using namespace detail; return to_v128(splat<u8x16>(*p)); }
inline V128 V128Load16Splat(const uint8_t* p) { using namespace detail; return to_v128(splat<u16x8>(load_unaligned<uint16_t>(p))); }
inline V128 V128Load32Splat(const uint8_t* p) { using namespace detail; return to_v128(splat<u32x4>(load_unaligned<uint32_t>(p))); }
inline V128 V128Load64Splat(const uint8_t* p) { using namespace detail; return to_v128(splat<u64x2>(load_unaligned<uint64_t>(p))); }

inline V128 V128Load32Zero(const uint8_t* p) {
  V128 r;  // zero-initialised
  __builtin_memcpy(r.bytes, p, 4);
  return r;
}
inline V128 V128Load64Zero(const uint8_t* p) {
  V128 r;
  __builtin_memcpy(r.bytes, p, 8);
  return r;
}

namespace detail {

template <unsigned width>
inline V128 load_lane(const uint8_t* p, V128 v, uint8_t lane) {
  __builtin_memcpy(v.bytes + (lane & (16 / width - 1)) * width, p, width);
  return v;
}

template <unsigned width>
inline void store_lane(uint8_t* p, const V128& v, uint8_t lane) {
  __builtin_memcpy(p, v.bytes + (lane & (16 / width - 1)) * width, width);
}

}  // namespace detail

inline V128 V128Load8Lane(const uint8_t* p, V128 v, uint8_t lane) { return detail::load_lane<1>(p, v, lane); }
inline V128 V128Load16Lane(const uint8_t* p, V128 v, uint8_t lane) { return detail::load_lane<2>(p, v, lane); }
inline V128 V128Load32Lane(const uint8_t* p, V128 v, uint8_t lane) { return detail::load_lane<4>(p, v, lane); }
inline V128 V128Load64Lane(const uint8_t* p, V128 v, uint8_t lane) { return detail::load_lane<8>(p, v, lane); }
inline void V128Store8Lane(uint8_t* p, V128 v, uint8_t lane) { detail::store_lane<1>(p, v, lane); }
inline void V128Store16Lane(uint8_t* p, V128 v, uint8_t lane) { detail::store_lane<2>(p, v, lane); }
inline void V128Store32Lane(uint8_t* p, V128 v, uint8_t lane) { detail::store_lane<4>(p, v, lane); }
inline void V128Store64Lane(uint8_t* p, V128 v, uint8_t lane) { detail::store_lane<8>(p, v, lane); }

}  // namespace stratus::exec::simd
