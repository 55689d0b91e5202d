// LZSS-style compressor with hash chains plus the matching decompressor, n rounds over
// 128 KiB of word-salad text: hashing, byte compares and irregular control flow.
#include "common.h"

#define INPUT_BYTES (128 * 1024)
#define WINDOW (32 * 1024)
#define HASH_BITS 14
#define MIN_MATCH 3
#define MAX_MATCH 258
#define MAX_CHAIN 24

static uint8_t input[INPUT_BYTES];
// Worst case: one flag byte per 8 literals.
static uint8_t compressed[INPUT_BYTES + INPUT_BYTES / 8 + 16];
static uint8_t restored[INPUT_BYTES];
static int32_t head[1 << HASH_BITS];
static int32_t prev[INPUT_BYTES];

static const char *const words[] = {
    "the ", "quick ", "brown ", "fox ", "jumps ", "over ", "lazy ", "dog ", "wasm ", "stack ",
    "memory ", "table ", "global ", "export ", "import ", "module ", "function ", "local ",
    "branch ", "loop ", "block ", "if ", "else ", "end ", "call ", "return ", "i32.add ",
    "i64.mul ", "f64.sqrt ", "select ", "drop ", "nop\n"};

static void generate_input(uint32_t seed) {
  uint32_t pos = 0;
  while (pos < INPUT_BYTES) {
    uint32_t r = rng_next(&seed);
    // Skewed choice: low indices are far more common, as in real text.
    uint32_t index = (r & 31) & ((r >> 5) & 31);
    const char *w = words[index];
    for (; *w && pos < INPUT_BYTES; w++) input[pos++] = (uint8_t)*w;
    if ((r >> 20) % 53 == 0 && pos < INPUT_BYTES) input[pos++] = (uint8_t)('0' + (r >> 10) % 10);
  }
}

static inline uint32_t hash3(const uint8_t *p) {
  uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
  return (v * 2654435761u) >> (32 - HASH_BITS);
}

static uint32_t compress(uint32_t len) {
  for (int i = 0; i < (1 << HASH_BITS); i++) head[i] = -1;
  uint32_t out = 0, pos = 0;
  uint32_t flag_pos = 0, flag_bit = 8;
  while (pos < len) {
    if (flag_bit == 8) {
      flag_pos = out++;
      compressed[flag_pos] = 0;
      flag_bit = 0;
    }
    uint32_t best_len = 0, best_dist = 0;
    if (pos + MIN_MATCH <= len) {
      uint32_t h = hash3(input + pos);
      int32_t candidate = head[h];
      uint32_t max_len = len - pos < MAX_MATCH ? len - pos : MAX_MATCH;
      for (int chain = 0; candidate >= 0 && chain < MAX_CHAIN; chain++) {
        uint32_t dist = pos - (uint32_t)candidate;
        if (dist > WINDOW) break;
        uint32_t k = 0;
        while (k < max_len && input[candidate + k] == input[pos + k]) k++;
        if (k > best_len) {
          best_len = k;
          best_dist = dist;
          if (k == max_len) break;
        }
        candidate = prev[candidate];
      }
    }
    uint32_t advance = 1;
    if (best_len >= MIN_MATCH) {
      compressed[flag_pos] |= (uint8_t)(1u << flag_bit);
      compressed[out++] = (uint8_t)best_dist;
      compressed[out++] = (uint8_t)(best_dist >> 8);
      compressed[out++] = (uint8_t)(best_len - MIN_MATCH);
      advance = best_len;
    } else {
      compressed[out++] = input[pos];
    }
    flag_bit++;
    // Insert every position we pass so later matches can find it.
    for (uint32_t end = pos + advance; pos < end; pos++) {
      if (pos + MIN_MATCH <= len) {
        uint32_t h = hash3(input + pos);
        prev[pos] = head[h];
        head[h] = (int32_t)pos;
      }
    }
  }
  return out;
}

static uint32_t decompress(uint32_t compressed_len) {
  uint32_t in = 0, out = 0;
  while (in < compressed_len) {
    uint8_t flags = compressed[in++];
    for (int bit = 0; bit < 8 && in < compressed_len; bit++) {
      if (flags & (1u << bit)) {
        uint32_t dist = (uint32_t)compressed[in] | (uint32_t)compressed[in + 1] << 8;
        uint32_t length = (uint32_t)compressed[in + 2] + MIN_MATCH;
        in += 3;
        // Byte by byte: overlapping copies are how LZ77 encodes runs.
        for (uint32_t k = 0; k < length; k++, out++) restored[out] = restored[out - dist];
      } else {
        restored[out++] = compressed[in++];
      }
    }
  }
  return out;
}

uint32_t run(uint32_t n) {
  generate_input(0xBADC0DE);
  uint32_t hash = CHECKSUM_SEED;
  for (uint32_t round = 0; round < n; round++) {
    uint32_t len = INPUT_BYTES - (round % 4096);
    input[(round * 7919) % len] ^= (uint8_t)(round | 1);
    uint32_t compressed_len = compress(len);
    uint32_t restored_len = decompress(compressed_len);
    uint32_t same = restored_len == len;
    for (uint32_t i = 0; same && i < len; i++) same = restored[i] == input[i];
    hash = mix32(mix32(hash, compressed_len), same);
    for (uint32_t i = 0; i < compressed_len; i += 251) hash = mix32(hash, compressed[i]);
  }
  return hash;
}
