// Calls into host imports with every number type and mixes the results.
#include "common.h"

#define IMPORT(name) __attribute__((import_module("env"), import_name(#name)))
IMPORT(h_i32) int32_t h_i32(int32_t a, int64_t b);
IMPORT(h_f64) double h_f64(float a, double b, int32_t c);
IMPORT(h_i64) int64_t h_i64(void);
IMPORT(h_f32) float h_f32(float a);
IMPORT(h_void) void h_void(int64_t a, int32_t b, double c, float d, int32_t e, int64_t f);

EXPORT int32_t call_host(int32_t a, int64_t b) {
  int32_t x = h_i32(a, b);
  int32_t y = h_i32(x, b ^ a);
  return x + y * 3;
}
EXPORT double call_host_f(float a, double b, int32_t c) {
  double r = h_f64(a, b, c);
  r += (double)h_f32(a + 1.0f);
  h_void(h_i64(), c, r, a, c + 1, (int64_t)b);
  return r * 2.0 + (double)h_i64();
}
EXPORT int64_t host_in_loop(uint32_t n) {
  int64_t acc = 0;
  for (uint32_t i = 0; i < BOUND(n, 10); i++) acc += h_i32((int32_t)i, acc) + h_i64();
  return acc;
}
