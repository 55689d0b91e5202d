// Table-driven CRC-32 (IEEE, reflected) over a 256 KiB buffer, n times: byte loads and
// dependent table lookups.
#include "common.h"

#define BUFFER_BYTES (256 * 1024)
static uint8_t buffer[BUFFER_BYTES];
static uint32_t table[256];

static void build_table(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
}

static uint32_t crc32(const uint8_t *data, uint32_t len, uint32_t crc) {
  crc = ~crc;
  for (uint32_t i = 0; i < len; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

uint32_t run(uint32_t n) {
  build_table();
  uint32_t seed = 0xC0FFEE;
  for (uint32_t i = 0; i < BUFFER_BYTES; i++) buffer[i] = (uint8_t)rng_next(&seed);
  uint32_t crc = 0;
  for (uint32_t round = 0; round < n; round++) {
    crc = crc32(buffer, BUFFER_BYTES - (round & 255), crc);
    buffer[round % BUFFER_BYTES] ^= (uint8_t)crc;
  }
  return crc;
}
