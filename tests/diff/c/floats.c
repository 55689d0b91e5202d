// Float arithmetic, rounding and conversions.
#include "common.h"

EXPORT float f32_ops(float a, float b) { return a * b + a / b - (a - b); }
EXPORT double f64_ops(double a, double b) { return a * b + a / b - (a - b); }
EXPORT float f32_minmax(float a, float b) { return __builtin_wasm_min_f32(a, b) * 2.0f + __builtin_wasm_max_f32(a, b); }
EXPORT double f64_minmax(double a, double b) { return __builtin_wasm_min_f64(a, b) * 2.0 + __builtin_wasm_max_f64(a, b); }
EXPORT float f32_round(float a) {
  return __builtin_ceilf(a) * 1000.0f + __builtin_floorf(a) * 100.0f + __builtin_truncf(a) * 10.0f + __builtin_rintf(a);
}
EXPORT double f64_round(double a) {
  return __builtin_ceil(a) * 1000.0 + __builtin_floor(a) * 100.0 + __builtin_trunc(a) * 10.0 + __builtin_rint(a);
}
EXPORT float f32_nearest(float a) { return __builtin_rintf(a); }
EXPORT double f64_nearest(double a) { return __builtin_rint(a); }
EXPORT float f32_sqrt_abs(float a, float b) { return __builtin_sqrtf(__builtin_fabsf(a)) + __builtin_copysignf(a, b); }
EXPORT double f64_sqrt_abs(double a, double b) { return __builtin_sqrt(__builtin_fabs(a)) + __builtin_copysign(a, b); }
EXPORT float f32_neg(float a) { return -a; }
EXPORT double f64_neg(double a) { return -a; }
EXPORT uint32_t f32_bits_abs_neg(float a, float b) {
  union { float f; uint32_t u; } x = {__builtin_fabsf(a)}, y = {-b}, z = {__builtin_copysignf(a, b)};
  return x.u ^ (y.u * 3u) ^ (z.u * 5u);
}
EXPORT int32_t f32_cmp(float a, float b) {
  return (a < b) | (a <= b) << 1 | (a > b) << 2 | (a >= b) << 3 | (a == b) << 4 | (a != b) << 5 | (a != a) << 6;
}
EXPORT int32_t f64_cmp(double a, double b) {
  return (a < b) | (a <= b) << 1 | (a > b) << 2 | (a >= b) << 3 | (a == b) << 4 | (a != b) << 5 | (a != a) << 6;
}
// Trapping conversions (C leaves out-of-range undefined; the compiler emits trunc_* which traps).
EXPORT int32_t f32_to_i32(float a) { return (int32_t)a; }
EXPORT uint32_t f32_to_u32(float a) { return (uint32_t)a; }
EXPORT int64_t f32_to_i64(float a) { return (int64_t)a; }
EXPORT uint64_t f32_to_u64(float a) { return (uint64_t)a; }
EXPORT int32_t f64_to_i32(double a) { return (int32_t)a; }
EXPORT uint32_t f64_to_u32(double a) { return (uint32_t)a; }
EXPORT int64_t f64_to_i64(double a) { return (int64_t)a; }
EXPORT uint64_t f64_to_u64(double a) { return (uint64_t)a; }
// Guarded conversions: never trap.
EXPORT int32_t f64_to_i32_guarded(double a) {
  if (!(a > -2147483649.0 && a < 2147483648.0)) return a != a ? 7 : (a < 0 ? -7 : 77);
  return (int32_t)a;
}
EXPORT float i32_to_f32(int32_t a) { return (float)a; }
EXPORT float u32_to_f32(uint32_t a) { return (float)a; }
EXPORT float i64_to_f32(int64_t a) { return (float)a; }
EXPORT float u64_to_f32(uint64_t a) { return (float)a; }
EXPORT double i32_to_f64(int32_t a) { return (double)a; }
EXPORT double u32_to_f64(uint32_t a) { return (double)a; }
EXPORT double i64_to_f64(int64_t a) { return (double)a; }
EXPORT double u64_to_f64(uint64_t a) { return (double)a; }
EXPORT float demote(double a) { return (float)a; }
EXPORT double promote(float a) { return (double)a; }
EXPORT uint64_t f64_bits(double a) { union { double d; uint64_t u; } x = {a}; return x.u; }
EXPORT double bits_f64(uint64_t a) { union { uint64_t u; double d; } x = {a}; return x.d; }
EXPORT uint32_t f32_bits(float a) { union { float f; uint32_t u; } x = {a}; return x.u; }
// Reinterpret integers as floats and do bit-exact operations on them (no arithmetic NaNs).
EXPORT uint32_t bits_f32_roundtrip(uint32_t a) {
  union { uint32_t u; float f; } x = {a};
  union { float f; uint32_t u; } y = {-__builtin_fabsf(x.f)};
  return y.u;
}
EXPORT uint64_t bits_f64_roundtrip(uint64_t a) {
  union { uint64_t u; double d; } x = {a};
  union { double d; uint64_t u; } y = {__builtin_copysign(x.d, -1.0)};
  return y.u;
}
EXPORT double poly(double x) {
  double r = 0;
  for (int i = 0; i < 12; i++) r = r * x + (double)(i * i - 5) / (double)(i + 1);
  return r;
}
EXPORT float series(uint32_t n) {
  float s = 0;
  for (uint32_t i = 1; i <= BOUND(n, 200); i++) s += 1.0f / (float)(i * i);
  return s;
}
EXPORT double mixed(float a, double b, int32_t c, int64_t d) {
  return (double)(a * (float)c) + b * (double)d - (double)(float)(b / 3.0) + (double)(int32_t)(c * 0.5f);
}
