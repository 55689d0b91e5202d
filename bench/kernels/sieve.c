// Sieve of Eratosthenes over a 1 MiB byte array, n times: byte stores with strided loops.
#include "common.h"

#define SIEVE_LIMIT (1u << 20)
static uint8_t composite[SIEVE_LIMIT];

uint32_t run(uint32_t n) {
  uint32_t hash = CHECKSUM_SEED;
  for (uint32_t round = 0; round < n; round++) {
    // Vary the limit per round so the compiler can't hoist the work out of the loop.
    uint32_t limit = SIEVE_LIMIT - (round & 1023);
    memset(composite, 0, limit);
    uint32_t count = 0, sum = 0;
    for (uint32_t i = 2; i < limit; i++) {
      if (composite[i]) continue;
      count++;
      sum += i;
      for (uint32_t j = i * 2; j < limit; j += i) composite[j] = 1;
    }
    hash = mix32(mix32(hash, count), sum);
  }
  return hash;
}
