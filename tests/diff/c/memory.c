// Linear memory: every access width, sign/zero extension, unaligned access, bulk memory, grow.
#include "common.h"

static uint8_t buf[1024];
static uint64_t counter;

EXPORT void mem_fill_pattern(uint32_t seed) {
  uint32_t h = seed;
  for (int i = 0; i < 1024; i++) { h = h * 1103515245u + 12345u; buf[i] = (uint8_t)(h >> 16); }
}
EXPORT uint32_t mem_loads(uint32_t off) {
  uint32_t o = BOUND(off, 1000);
  uint8_t u8; int8_t s8; uint16_t u16; int16_t s16; uint32_t u32;
  __builtin_memcpy(&u8, buf + o, 1);
  __builtin_memcpy(&s8, buf + o + 1, 1);
  __builtin_memcpy(&u16, buf + o + 2, 2);
  __builtin_memcpy(&s16, buf + o + 3, 2);
  __builtin_memcpy(&u32, buf + o + 1, 4);
  return u8 + (uint32_t)(int32_t)s8 * 3u + u16 * 5u + (uint32_t)(int32_t)s16 * 7u + u32;
}
EXPORT uint64_t mem_loads64(uint32_t off) {
  uint32_t o = BOUND(off, 1000);
  int8_t s8; uint8_t u8; int16_t s16; uint16_t u16; int32_t s32; uint32_t u32; uint64_t u64;
  __builtin_memcpy(&s8, buf + o, 1);
  __builtin_memcpy(&u8, buf + o + 2, 1);
  __builtin_memcpy(&s16, buf + o + 3, 2);
  __builtin_memcpy(&u16, buf + o + 5, 2);
  __builtin_memcpy(&s32, buf + o + 1, 4);
  __builtin_memcpy(&u32, buf + o + 7, 4);
  __builtin_memcpy(&u64, buf + o + 3, 8);
  return (uint64_t)(int64_t)s8 + u8 + (uint64_t)(int64_t)s16 * 3 + u16 + (uint64_t)(int64_t)s32 * 5 + u32 + u64;
}
EXPORT void mem_stores(uint32_t off, uint64_t v) {
  uint32_t o = BOUND(off, 1000);
  uint8_t b = (uint8_t)v; uint16_t h = (uint16_t)(v >> 8); uint32_t w = (uint32_t)(v >> 3);
  __builtin_memcpy(buf + o, &b, 1);
  __builtin_memcpy(buf + o + 1, &h, 2);
  __builtin_memcpy(buf + o + 5, &w, 4);
  __builtin_memcpy(buf + o + 9, &v, 8);
  float f = (float)(int32_t)v; double d = (double)(int64_t)v;
  __builtin_memcpy(buf + o + 13, &f, 4);
  __builtin_memcpy(buf + o + 3, &d, 8);
}
EXPORT uint32_t mem_checksum(void) {
  uint32_t h = 0x811c9dc5u;
  for (int i = 0; i < 1024; i++) h = mix32(h, buf[i]);
  return h;
}
EXPORT void mem_bulk(uint32_t dst, uint32_t src, uint32_t n, uint32_t val) {
  uint32_t d = BOUND(dst, 512), s = BOUND(src, 512), k = BOUND(n, 512);
  __builtin_memmove(buf + d, buf + s, k);
  __builtin_memset(buf + BOUND(val, 900), (int)val, BOUND(n >> 3, 100));
}
EXPORT void mem_copy_var(uint32_t dst, uint32_t src, uint32_t n) {
  // Possibly out of bounds relative to the buffer but in bounds of memory, or traps.
  __builtin_memcpy((uint8_t*)(uintptr_t)dst, (uint8_t*)(uintptr_t)src, n & 0xffff);
}
EXPORT void mem_fill_var(uint32_t dst, uint32_t val, uint32_t n) {
  __builtin_memset((uint8_t*)(uintptr_t)dst, (int)val, n & 0x1ffff);
}
EXPORT uint32_t raw_load(uint32_t addr) { return *(volatile uint32_t*)(uintptr_t)addr; }
EXPORT uint64_t raw_load64(uint32_t addr) { return *(volatile uint64_t*)(uintptr_t)(addr + 8); }
EXPORT int32_t raw_load8s(uint32_t addr) { return *(volatile int8_t*)(uintptr_t)addr; }
EXPORT int32_t raw_load16s(uint32_t addr) { return *(volatile int16_t*)(uintptr_t)(addr + 65535); }
EXPORT void raw_store(uint32_t addr, uint32_t v) { *(volatile uint32_t*)(uintptr_t)addr = v; }
EXPORT void raw_store16(uint32_t addr, uint32_t v) { *(volatile uint16_t*)(uintptr_t)(addr + 3) = (uint16_t)v; }
EXPORT uint32_t mem_size(void) { return (uint32_t)__builtin_wasm_memory_size(0); }
EXPORT int32_t mem_grow(uint32_t pages) { return (int32_t)__builtin_wasm_memory_grow(0, BOUND(pages, 4)); }
EXPORT int32_t mem_grow_raw(uint32_t pages) { return (int32_t)__builtin_wasm_memory_grow(0, pages); }
// Touches the last byte of memory, valid only after growth.
EXPORT uint32_t mem_touch_end(uint32_t v) {
  uint32_t end = (uint32_t)__builtin_wasm_memory_size(0) * 65536u;
  volatile uint8_t* p = (volatile uint8_t*)(uintptr_t)(end - 1);
  *p = (uint8_t)v;
  return *p + end;
}
EXPORT uint64_t bump(uint64_t by) { counter += by; return counter; }
struct __attribute__((packed)) rec { uint8_t tag; uint32_t a; uint16_t b; uint64_t c; float d; double e; };
static struct rec recs[16];
EXPORT double rec_update(uint32_t i, uint64_t v) {
  struct rec* r = &recs[i % 16];
  r->tag++; r->a ^= (uint32_t)v; r->b += (uint16_t)(v >> 16); r->c = r->c * 31 + v;
  r->d += (float)(int16_t)v; r->e = r->e * 0.5 + (double)(int32_t)(v >> 32);
  return (double)r->tag + r->a + r->b + (double)(r->c & 0xffff) + r->d + r->e;
}
