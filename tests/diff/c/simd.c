// SIMD through clang's wasm_simd128.h intrinsics; exports take and return scalars.
#include <wasm_simd128.h>
#include "common.h"

static int32_t ibuf[64];
static float fbuf[64];
static uint8_t bbuf[256];

EXPORT void simd_init(uint32_t seed) {
  uint32_t h = seed | 1;
  for (int i = 0; i < 64; i++) {
    h ^= h << 13; h ^= h >> 17; h ^= h << 5;
    ibuf[i] = (int32_t)h;
    fbuf[i] = (float)(int32_t)(h % 20001) / 64.0f - 100.0f;
  }
  for (int i = 0; i < 256; i++) bbuf[i] = (uint8_t)(h >> (i % 24)) + (uint8_t)i;
}
EXPORT int32_t simd_i32_sum(uint32_t a) {
  v128_t acc = wasm_i32x4_splat((int32_t)a);
  for (int i = 0; i < 64; i += 4) {
    v128_t v = wasm_v128_load(&ibuf[i]);
    acc = wasm_i32x4_add(acc, wasm_i32x4_mul(v, wasm_i32x4_splat(i + 1)));
    acc = wasm_v128_xor(acc, wasm_i32x4_shr(v, (uint32_t)i % 37));
  }
  return wasm_i32x4_extract_lane(acc, 0) ^ wasm_i32x4_extract_lane(acc, 1) ^ wasm_i32x4_extract_lane(acc, 2) ^
         wasm_i32x4_extract_lane(acc, 3);
}
EXPORT float simd_f32_dot(float s) {
  v128_t acc = wasm_f32x4_splat(0);
  for (int i = 0; i < 64; i += 4) {
    v128_t v = wasm_v128_load(&fbuf[i]);
    acc = wasm_f32x4_add(acc, wasm_f32x4_mul(v, wasm_f32x4_splat(s)));
    acc = wasm_f32x4_max(acc, wasm_f32x4_neg(v));
  }
  return wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) * 2 + wasm_f32x4_extract_lane(acc, 2) * 3 +
         wasm_f32x4_extract_lane(acc, 3) * 4;
}
EXPORT uint32_t simd_bytes(uint32_t k) {
  v128_t acc = wasm_u8x16_splat((uint8_t)k);
  for (int i = 0; i < 256; i += 16) {
    v128_t v = wasm_v128_load(&bbuf[i]);
    acc = wasm_u8x16_add_sat(acc, v);
    acc = wasm_u8x16_min(acc, wasm_u8x16_avgr(v, acc));
    acc = wasm_i8x16_sub(acc, wasm_i8x16_popcnt(v));
  }
  v128_t sh = wasm_i8x16_swizzle(acc, wasm_i8x16_const(15, 3, 16, 2, 9, -56, 1, 0, 4, 5, 6, 7, 8, 11, 12, 13));
  v128_t shuf = wasm_i8x16_shuffle(acc, sh, 0, 17, 2, 19, 4, 21, 6, 23, 8, 25, 10, 27, 12, 29, 14, 31);
  return (uint32_t)wasm_i8x16_bitmask(shuf) ^ ((uint32_t)wasm_u8x16_extract_lane(shuf, 5) << 16) ^
         (uint32_t)wasm_i32x4_extract_lane(shuf, 3);
}
EXPORT int64_t simd_i64(int64_t a, int64_t b) {
  v128_t x = wasm_i64x2_make(a, b), y = wasm_i64x2_make(b ^ 0x5555, a >> 3);
  v128_t m = wasm_i64x2_mul(x, y);
  v128_t s = wasm_i64x2_shl(m, (uint32_t)a);
  v128_t c = wasm_i64x2_gt(x, y);
  v128_t r = wasm_v128_bitselect(s, wasm_i64x2_neg(m), c);
  return wasm_i64x2_extract_lane(r, 0) + wasm_i64x2_extract_lane(r, 1) + wasm_i64x2_bitmask(c);
}
EXPORT int32_t simd_narrow_extend(int32_t a, int32_t b) {
  v128_t x = wasm_i32x4_make(a, b, a - b, a * 3);
  v128_t n = wasm_i16x8_narrow_i32x4(x, wasm_i32x4_shl(x, 9));
  v128_t u = wasm_u8x16_narrow_i16x8(n, wasm_i16x8_neg(n));
  v128_t e = wasm_i32x4_extend_high_i16x8(wasm_i16x8_extend_low_i8x16(u));
  v128_t q = wasm_i16x8_q15mulr_sat(n, wasm_i16x8_splat((int16_t)b));
  v128_t d = wasm_i32x4_dot_i16x8(q, n);
  return wasm_i32x4_extract_lane(e, 1) ^ wasm_i32x4_extract_lane(d, 2) ^ wasm_i16x8_extract_lane(q, 7) ^
         (int32_t)wasm_u16x8_extract_lane(n, 0) ^ wasm_i32x4_extract_lane(u, 0);
}
EXPORT int32_t simd_conv(float a, double b) {
  v128_t f = wasm_f32x4_make(a, -a, a * 1e10f, (float)b);
  v128_t i = wasm_i32x4_trunc_sat_f32x4(f);
  v128_t u = wasm_u32x4_trunc_sat_f32x4(f);
  v128_t d = wasm_f64x2_make(b, a);
  v128_t di = wasm_i32x4_trunc_sat_f64x2_zero(d);
  v128_t fl = wasm_f32x4_floor(f), ne = wasm_f32x4_nearest(f);
  v128_t ff = wasm_f32x4_convert_i32x4(i);
  v128_t dp = wasm_f64x2_promote_low_f32x4(fl);
  int32_t r = wasm_i32x4_extract_lane(i, 0) ^ wasm_i32x4_extract_lane(u, 2) ^ wasm_i32x4_extract_lane(di, 0);
  r ^= wasm_i32x4_extract_lane(di, 3) + wasm_i32x4_bitmask(wasm_f32x4_lt(f, ne));
  r += wasm_i32x4_extract_lane(wasm_i32x4_trunc_sat_f32x4(ff), 1) + (int32_t)wasm_f64x2_extract_lane(dp, 0);
  return r;
}
EXPORT uint32_t simd_mem(uint32_t off, uint32_t v) {
  uint32_t o = BOUND(off, 200);
  v128_t x = wasm_v128_load(bbuf + o);
  x = wasm_v128_load32_lane(&v, x, 2);
  wasm_v128_store(bbuf + (o ^ 7) % 200, x);
  v128_t s = wasm_v128_load8_splat(bbuf + o + 3);
  v128_t z = wasm_v128_load32_zero(bbuf + o + 1);
  v128_t w = wasm_i16x8_load8x8(bbuf + o + 2);
  wasm_v128_store16_lane(bbuf + o + 5, w, 3);
  return (uint32_t)wasm_i32x4_extract_lane(wasm_i32x4_add(wasm_i32x4_add(s, z), w), 1) ^
         (uint32_t)wasm_v128_any_true(z) << 31 ^ (uint32_t)wasm_i16x8_all_true(w) << 30;
}
EXPORT double simd_f64(double a, double b) {
  v128_t x = wasm_f64x2_make(a, b), y = wasm_f64x2_make(b, -a);
  v128_t r = wasm_f64x2_add(wasm_f64x2_mul(x, y), wasm_f64x2_sqrt(wasm_f64x2_abs(x)));
  r = wasm_f64x2_pmin(r, wasm_f64x2_div(x, y));
  r = wasm_f64x2_min(r, wasm_f64x2_ceil(y));
  return wasm_f64x2_extract_lane(r, 0) - wasm_f64x2_extract_lane(r, 1);
}
