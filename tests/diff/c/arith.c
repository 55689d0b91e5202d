// Integer arithmetic edge cases, 32 and 64 bit, signed and unsigned.
#include "common.h"

EXPORT int32_t i32_div_s(int32_t a, int32_t b) { return a / b; }
EXPORT uint32_t i32_div_u(uint32_t a, uint32_t b) { return a / b; }
EXPORT int32_t i32_rem_s(int32_t a, int32_t b) { return a % b; }
EXPORT uint32_t i32_rem_u(uint32_t a, uint32_t b) { return a % b; }
EXPORT int64_t i64_div_s(int64_t a, int64_t b) { return a / b; }
EXPORT uint64_t i64_div_u(uint64_t a, uint64_t b) { return a / b; }
EXPORT int64_t i64_rem_s(int64_t a, int64_t b) { return a % b; }
EXPORT uint64_t i64_rem_u(uint64_t a, uint64_t b) { return a % b; }

// Division by constants: strength-reduced to multiply-high sequences by the compiler.
EXPORT int32_t div_consts(int32_t a) { return a / 7 + a / -3 + a % 10 + (int32_t)((uint32_t)a / 1000u) + a / 16; }
EXPORT int64_t div_consts64(int64_t a) { return a / 7 + a / -3 + a % 10 + (int64_t)((uint64_t)a / 1000u) + a / 16; }
// Safe division: no traps, exercise branches around the edge cases.
EXPORT int32_t safe_div(int32_t a, int32_t b) {
  if (b == 0) return -1;
  if (a == INT32_MIN && b == -1) return -2;
  return a / b + a % b;
}

EXPORT uint32_t shifts32(uint32_t a, uint32_t s) {
  int32_t sa = (int32_t)a;
  return (a << (s & 31)) ^ (a >> (s & 31)) ^ (uint32_t)(sa >> (s & 31)) ^ (a << 3) ^ (uint32_t)(sa >> 31);
}
EXPORT uint64_t shifts64(uint64_t a, uint64_t s) {
  int64_t sa = (int64_t)a;
  return (a << (s & 63)) ^ (a >> (s & 63)) ^ (uint64_t)(sa >> (s & 63)) ^ (a >> 33) ^ (uint64_t)(sa >> 63);
}
EXPORT uint32_t rotl32(uint32_t a, uint32_t s) { return __builtin_rotateleft32(a, s); }
EXPORT uint32_t rotr32(uint32_t a, uint32_t s) { return __builtin_rotateright32(a, s); }
EXPORT uint64_t rotl64(uint64_t a, uint64_t s) { return __builtin_rotateleft64(a, s); }
EXPORT uint64_t rotr64(uint64_t a, uint64_t s) { return __builtin_rotateright64(a, s); }

EXPORT uint32_t bits32(uint32_t a) {
  uint32_t clz = a ? (uint32_t)__builtin_clz(a) : 32u;
  uint32_t ctz = a ? (uint32_t)__builtin_ctz(a) : 32u;
  return clz | (ctz << 8) | ((uint32_t)__builtin_popcount(a) << 16);
}
EXPORT uint64_t bits64(uint64_t a) {
  uint64_t clz = a ? (uint64_t)__builtin_clzll(a) : 64u;
  uint64_t ctz = a ? (uint64_t)__builtin_ctzll(a) : 64u;
  return clz | (ctz << 8) | ((uint64_t)__builtin_popcountll(a) << 16);
}

EXPORT uint32_t mul_wrap(uint32_t a, uint32_t b) { return a * b + a * 3u - b * 0x10001u; }
EXPORT uint64_t mul_wrap64(uint64_t a, uint64_t b) { return a * b + a * 3u - b * 0x100000001ull; }
// 128-bit multiply: lowered to several i64 multiplies and carries.
EXPORT uint64_t mulhi_u64(uint64_t a, uint64_t b) { return (uint64_t)(((unsigned __int128)a * b) >> 64); }
EXPORT int64_t mulhi_s64(int64_t a, int64_t b) { return (int64_t)(((__int128)a * b) >> 64); }
EXPORT uint64_t add_carry(uint64_t a, uint64_t b) {
  unsigned __int128 s = (unsigned __int128)a + b + ((unsigned __int128)a << 64);
  return (uint64_t)s ^ (uint64_t)(s >> 64);
}

EXPORT int32_t compares32(int32_t a, int32_t b) {
  uint32_t ua = (uint32_t)a, ub = (uint32_t)b;
  return (a < b) | (a <= b) << 1 | (a > b) << 2 | (a >= b) << 3 | (ua < ub) << 4 | (ua <= ub) << 5 |
         (ua > ub) << 6 | (ua >= ub) << 7 | (a == b) << 8 | (a != b) << 9 | (a == 0) << 10;
}
EXPORT int32_t compares64(int64_t a, int64_t b) {
  uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
  return (a < b) | (a <= b) << 1 | (a > b) << 2 | (a >= b) << 3 | (ua < ub) << 4 | (ua <= ub) << 5 |
         (ua > ub) << 6 | (ua >= ub) << 7 | (a == b) << 8 | (a != b) << 9 | (a == 0) << 10;
}
EXPORT int32_t select_chain(int32_t a, int32_t b, int32_t c) {
  int32_t x = a > b ? a : b;
  int32_t y = c < 0 ? -c : c;
  int32_t z = (a & 1) ? x : y;
  return z + (b == c ? 100 : -100);
}
EXPORT int64_t extend_wrap(int32_t a, int64_t b) {
  int64_t s = a;                 // i64.extend_i32_s
  uint64_t u = (uint32_t)a;      // i64.extend_i32_u
  int32_t w = (int32_t)b;        // i32.wrap_i64
  int8_t s8 = (int8_t)a;         // i32.extend8_s
  int16_t s16 = (int16_t)b;      // i64.extend16_s
  int32_t s32 = (int32_t)(b >> 7);
  return s * 3 + (int64_t)u + w + s8 + s16 + (int64_t)s32;
}
EXPORT uint32_t abs_neg(int32_t a, int64_t b) {
  int32_t x = a < 0 ? -a : a;
  int64_t y = b < 0 ? -b : b;
  return (uint32_t)x ^ (uint32_t)y ^ (uint32_t)(y >> 32) ^ (uint32_t)(-a);
}
EXPORT uint32_t collatz(uint32_t n) {
  uint32_t steps = 0;
  uint64_t x = n | 1;
  while (x != 1 && steps < 1000) { x = (x & 1) ? 3 * x + 1 : x >> 1; steps++; }
  return steps;
}
EXPORT uint32_t gcd(uint32_t a, uint32_t b) {
  while (b) { uint32_t t = a % b; a = b; b = t; }
  return a;
}
EXPORT uint64_t isqrt64(uint64_t n) {
  uint64_t x = n, y = (x + 1) / 2;
  int guard = 0;
  while (y < x && guard++ < 200) { x = y; y = (x + n / x) / 2; }
  return x;
}
EXPORT uint64_t powmod(uint64_t b, uint64_t e, uint64_t m) {
  if (m == 0) return 0;
  unsigned __int128 r = 1, x = b % m;
  for (int i = 0; i < 64; i++) {
    if ((e >> i) & 1) r = r * x % m;
    x = x * x % m;
  }
  return (uint64_t)r;
}
EXPORT uint32_t hash_mix(uint32_t a, uint32_t b, uint32_t c) {
  a -= c; a ^= __builtin_rotateleft32(c, 4); c += b;
  b -= a; b ^= __builtin_rotateleft32(a, 6); a += c;
  c -= b; c ^= __builtin_rotateleft32(b, 8); b += a;
  a -= c; a ^= __builtin_rotateleft32(c, 16); c += b;
  b -= a; b ^= __builtin_rotateleft32(a, 19); a += c;
  c -= b; c ^= __builtin_rotateleft32(b, 4); b += a;
  return a ^ b ^ c;
}
EXPORT int32_t many_locals(int32_t a, int32_t b, int32_t c, int32_t d) {
  int32_t e = a + b, f = b - c, g = c * d, h = d ^ a, i = e | f, j = g & h, k = i + j, l = k - e;
  int32_t m = l * f + g, n = m ^ h ^ i, o = n + a * b, p = o - c * d;
  for (uint32_t r = 0; r < BOUND(d, 9); r++) { int32_t t = e; e = f; f = g; g = h; h = i; i = t + r; }
  return p + e * 3 + f * 5 + g * 7 + h * 11 + i * 13 + j + k + l;
}
