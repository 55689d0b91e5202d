// Semantics of every Wasm 2.0 SIMD (0xFD) instruction as pure inline functions.
//
// Convention, so dispatch can be generated from binary/opcodes.def with an X-macro: each 0xFD
// opcode `Name` has a function `stratus::exec::simd::Name` whose signature follows from the
// opcode's immediate and sig columns (see Shape in simd_shape.hpp, which derives it):
//   vv:v   V128 Name(V128 a, V128 b)              v:v   V128 Name(V128 a)
//   vvv:v  V128 Name(V128 a, V128 b, V128 c)      vi:v  V128 Name(V128 a, uint32_t count)
//   v:i    uint32_t Name(V128 a)
//   splat  V128 Name(uint32_t x) for i8/i16/i32/f32 (f32 as bits), V128 Name(uint64_t) for i64/f64
//   extract_lane  uint32_t|uint64_t Name(V128 a, uint8_t lane)   (floats as bits, _s sign-extends)
//   replace_lane  V128 Name(V128 a, uint32_t|uint64_t x, uint8_t lane)
//   i8x16.shuffle V128 I8x16Shuffle(V128 a, V128 b, V128 lane_indices)
//   v128.const    V128 V128Const(V128 immediate)   (identity)
//   loads   V128 Name(const uint8_t* p)           store        void V128Store(uint8_t* p, V128 v)
//   load lane  V128 Name(const uint8_t* p, V128 v, uint8_t lane)
//   store lane void Name(uint8_t* p, V128 v, uint8_t lane)
// Memory ops also define `inline constexpr uint32_t Name_bytes`, the bytes they touch, for
// bounds checks; the pointer they get may be unaligned.
#pragma once

#include "exec/simd/simd_convert.hpp"
#include "exec/simd/simd_float.hpp"
#include "exec/simd/simd_int.hpp"
#include "exec/simd/simd_lane.hpp"
#include "exec/simd/simd_memory.hpp"
