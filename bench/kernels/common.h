// Shared by every benchmark kernel. Kernels are built twice: for wasm32 with no libc at all,
// and natively with the host's libc, so this header supplies the little a kernel needs and
// nothing that would make the two builds compute different things.
#ifndef STRATUS_BENCH_COMMON_H
#define STRATUS_BENCH_COMMON_H

#include <stddef.h>
#include <stdint.h>

// Every kernel defines exactly this; the drivers (native, stratus, node) call it once and
// compare the returned checksum across engines.
uint32_t run(uint32_t n);

// Declared here rather than via <string.h>, which the wasm build (no libc) doesn't have.
void *memset(void *dst, int value, size_t len);
void *memcpy(void *restrict dst, const void *restrict src, size_t len);

#if defined(__wasm__)
// clang lowers copy and fill loops to calls to these even with -nostdlib, so the wasm build
// must provide them. LLVM never turns the body of a function named memset/memcpy back into
// a call to itself, so plain loops are safe here.
void *memset(void *dst, int value, size_t len) {
  unsigned char *d = (unsigned char *)dst;
  while (len--) *d++ = (unsigned char)value;
  return dst;
}
void *memcpy(void *restrict dst, const void *restrict src, size_t len) {
  unsigned char *d = (unsigned char *)dst;
  const unsigned char *s = (const unsigned char *)src;
  while (len--) *d++ = *s++;
  return dst;
}
#endif

// xorshift32: tiny, deterministic and identical on every target.
static inline uint32_t rng_next(uint32_t *state) {
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *state = x;
}

// FNV-1a step over one 32-bit word: order-sensitive, so any divergence shows in the checksum.
static inline uint32_t mix32(uint32_t hash, uint32_t value) {
  hash ^= value;
  return hash * 0x01000193u;
}

static inline uint32_t mix_double(uint32_t hash, double value) {
  union { double d; uint64_t u; } bits = {value};
  hash = mix32(hash, (uint32_t)bits.u);
  return mix32(hash, (uint32_t)(bits.u >> 32));
}

#define CHECKSUM_SEED 0x811c9dc5u

#endif
