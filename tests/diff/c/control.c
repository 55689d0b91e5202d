// Control flow: loops, switches (br_table), recursion, function pointers (call_indirect).
#include "common.h"

EXPORT int32_t sw_dense(int32_t x) {
  switch (x) {
    case 0: return 11;
    case 1: return 22;
    case 2: return 33;
    case 3: return x * 44;
    case 4: return 55;
    case 5: case 6: return 66;
    case 7: return -7;
    case 8: return x << 20;
    case 9: return 99;
    case 10: return 1010;
    default: return -1;
  }
}
EXPORT int64_t sw_sparse(int64_t x) {
  switch (x) {
    case -1: return 1;
    case 1000: return 2;
    case 0x7fffffffffffffffll: return 3;
    case 64: return 4;
    case 0x80000000ll: return 5;
    default: return x >> 3;
  }
}
EXPORT uint32_t sw_loop(uint32_t seed, uint32_t n) {
  uint32_t acc = seed;
  for (uint32_t i = 0; i < BOUND(n, 100); i++) {
    switch ((acc >> 3) % 6) {
      case 0: acc = acc * 3 + 1; break;
      case 1: acc ^= acc >> 5; continue;
      case 2: acc += i; // fallthrough
      case 3: acc = __builtin_rotateleft32(acc, 7); break;
      case 4: if (acc & 1) goto out; acc -= 17; break;
      default: acc = ~acc;
    }
    acc = mix32(acc, i);
  }
out:
  return acc;
}
NOINLINE static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
EXPORT uint32_t fib_bounded(uint32_t n) { return fib(BOUND(n, 22)); }
NOINLINE static uint64_t ack(uint64_t m, uint64_t n) {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}
EXPORT uint64_t ackermann(uint32_t m, uint32_t n) { return ack(BOUND(m, 3), BOUND(n, 6)); }
NOINLINE static int32_t even(uint32_t n);
NOINLINE static int32_t odd(uint32_t n) { return n == 0 ? 0 : even(n - 1); }
NOINLINE static int32_t even(uint32_t n) { return n == 0 ? 1 : odd(n - 1); }
EXPORT int32_t parity(uint32_t n) { return even(BOUND(n, 500)); }

typedef int32_t (*binop)(int32_t, int32_t);
NOINLINE static int32_t op_add(int32_t a, int32_t b) { return a + b; }
NOINLINE static int32_t op_sub(int32_t a, int32_t b) { return a - b; }
NOINLINE static int32_t op_mul(int32_t a, int32_t b) { return a * b; }
NOINLINE static int32_t op_xor(int32_t a, int32_t b) { return a ^ b; }
NOINLINE static int32_t op_min(int32_t a, int32_t b) { return a < b ? a : b; }
static binop ops[] = {op_add, op_sub, op_mul, op_xor, op_min};
EXPORT int32_t apply(uint32_t which, int32_t a, int32_t b) { return ops[which % 5](a, b); }
EXPORT int32_t fold(uint32_t code, uint32_t n) {
  int32_t acc = (int32_t)code;
  for (uint32_t i = 0; i < BOUND(n, 40); i++) acc = ops[(code >> (i % 29)) % 5](acc, (int32_t)i * 7 + 1);
  return acc;
}
typedef double (*fop)(double, int64_t);
NOINLINE static double f_a(double x, int64_t k) { return x * (double)k; }
NOINLINE static double f_b(double x, int64_t k) { return x - (double)(k >> 2); }
static fop fops[] = {f_a, f_b};
EXPORT double apply_f(uint32_t which, double x, int64_t k) { return fops[which & 1](x, k); }
// Calling through a pointer with a mismatched type: call_indirect signature mismatch trap.
EXPORT int32_t bad_indirect(uint32_t which) {
  void* p = (which & 1) ? (void*)op_add : (void*)f_a;
  return ((int32_t(*)(int32_t, int32_t))p)(1, 2);
}
EXPORT uint32_t nested_loops(uint32_t a, uint32_t b) {
  uint32_t acc = 0;
  for (uint32_t i = 0; i < BOUND(a, 20); i++) {
    for (uint32_t j = 0; j < BOUND(b, 20); j++) {
      if ((i * j) % 7 == 3) continue;
      if (i + j > 30) break;
      acc = mix32(acc, i * 31 + j);
    }
    if (acc % 97 == 5) break;
  }
  return acc;
}
EXPORT int32_t do_while(int32_t x) {
  int32_t n = 0;
  do { x = (x >> 1) ^ (x & 1 ? 0x5bd1e995 : 0); n++; } while (x != 0 && n < 64);
  return n * 1000 + (x & 0xff);
}
EXPORT uint32_t early_returns(uint32_t a, uint32_t b, uint32_t c) {
  if (a == b) return 1;
  if (a > b) { if (c & 1) return 2; if (c & 2) return a - b; }
  for (uint32_t i = 0; i < 8; i++) if (((a >> i) & 0xf) == (c & 0xf)) return 100 + i;
  return a ^ b ^ c;
}
EXPORT void trap_unreachable(int32_t x) { if (x > 5) __builtin_trap(); }
