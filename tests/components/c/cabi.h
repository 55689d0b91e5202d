// The canonical-ABI pieces every hand-written C reactor here shares: cabi_realloc, a return
// area for results that do not fit one flat value, and names for the export attributes.
#ifndef STRATUS_TEST_CABI_H
#define STRATUS_TEST_CABI_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#define EXPORT(name) __attribute__((export_name(name)))

// The host allocates argument strings and lists (and spilled parameters) in our memory
// through this before the call. An empty one gets no memory of its own (its pointer is only
// aligned), so memory is released through release(), which knows that.
EXPORT("cabi_realloc")
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  if (new_size == 0) return (void *)align;
  void *p = realloc(old_size == 0 ? NULL : old, new_size);  // malloc aligns to 16: enough
  if (!p) __builtin_trap();
  return p;
}

static inline void release(void *p, size_t size) {
  if (size != 0) free(p);
}

// Results with more than one flat value are written here and returned as a pointer; one
// call is in flight at a time, so one area serves every export.
static _Alignas(8) uint8_t return_area[64];

static inline void store_u32(uint8_t *at, uint32_t v) { *(uint32_t *)at = v; }
static inline void store_u64(uint8_t *at, uint64_t v) { *(uint64_t *)at = v; }
static inline uint32_t load_u32(const uint8_t *at) { return *(const uint32_t *)at; }

#endif
