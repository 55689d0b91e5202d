// Shared by the differential C programs: compiled with clang for wasm32 with no libc.
#pragma once
#include <stdint.h>
#include <stddef.h>

#define EXPORT __attribute__((visibility("default")))
#define NOINLINE __attribute__((noinline))

// Bounded loop counts: arguments come from a generator that likes 0x7fffffff.
#define BOUND(n, max) ((uint32_t)(n) % (max))

static inline uint32_t mix32(uint32_t h, uint32_t v) { return (h ^ v) * 0x01000193u; }
static inline uint64_t mix64(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ull; }

// compiler-rt's builtins are built with stack protection; no libc provides this.
__attribute__((weak)) void __stack_chk_fail(void) { __builtin_trap(); }
