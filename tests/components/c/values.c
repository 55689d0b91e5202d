// Core module of the `values` reactor (values.wit). Each export is written against the
// canonical ABI's flattening by hand, which is the point: the glue is visible and each case
// in ../cases.txt exercises one lifting or lowering rule.
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cabi.h"

EXPORT("nop") void nop(void) {}
EXPORT("echo-bool") int32_t echo_bool(int32_t v) { return v; }
EXPORT("echo-s8") int32_t echo_s8(int32_t v) { return v; }
EXPORT("echo-u8") int32_t echo_u8(int32_t v) { return v; }
EXPORT("echo-s16") int32_t echo_s16(int32_t v) { return v; }
EXPORT("echo-u16") int32_t echo_u16(int32_t v) { return v; }
EXPORT("echo-s32") int32_t echo_s32(int32_t v) { return v; }
EXPORT("echo-u32") int32_t echo_u32(int32_t v) { return v; }
EXPORT("echo-s64") int64_t echo_s64(int64_t v) { return v; }
EXPORT("echo-u64") int64_t echo_u64(int64_t v) { return v; }
EXPORT("echo-f32") float echo_f32(float v) { return v; }
EXPORT("echo-f64") double echo_f64(double v) { return v; }
EXPORT("echo-char") int32_t echo_char(int32_t v) { return v; }
EXPORT("add") int32_t add(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }

// A string or list result: (ptr, len) in the return area; post-return frees ptr.
static uint8_t *return_buffer(void *data, uint32_t len) {
  store_u32(return_area, (uint32_t)(uintptr_t)data);
  store_u32(return_area + 4, len);
  return return_area;
}
static void free_returned_buffer(uint8_t *area) {
  release((void *)(uintptr_t)load_u32(area), load_u32(area + 4));
}

// Arguments' strings and lists were allocated by the host with cabi_realloc and are ours.
EXPORT("echo-string") uint8_t *echo_string(uint8_t *s, uint32_t len) { return return_buffer(s, len); }
EXPORT("cabi_post_echo-string") void post_echo_string(uint8_t *area) { free_returned_buffer(area); }

EXPORT("sum-bytes") int64_t sum_bytes(uint8_t *bytes, uint32_t len) {
  uint64_t sum = 0;
  for (uint32_t i = 0; i < len; ++i) sum += bytes[i];
  release(bytes, len);
  return (int64_t)sum;
}

EXPORT("reverse-bytes") uint8_t *reverse_bytes(uint8_t *bytes, uint32_t len) {
  for (uint32_t i = 0; i < len / 2; ++i) {
    uint8_t t = bytes[i];
    bytes[i] = bytes[len - 1 - i];
    bytes[len - 1 - i] = t;
  }
  return return_buffer(bytes, len);
}
EXPORT("cabi_post_reverse-bytes") void post_reverse_bytes(uint8_t *area) { free_returned_buffer(area); }

// list<string>: len elements of (ptr, len), 8 bytes each.
EXPORT("reverse-strings") uint8_t *reverse_strings(uint8_t *elems, uint32_t len) {
  for (uint32_t i = 0; i < len / 2; ++i) {
    uint64_t t;
    memcpy(&t, elems + 8 * i, 8);
    memmove(elems + 8 * i, elems + 8 * (len - 1 - i), 8);
    memcpy(elems + 8 * (len - 1 - i), &t, 8);
  }
  return return_buffer(elems, len);
}
EXPORT("cabi_post_reverse-strings") void post_reverse_strings(uint8_t *area) {
  uint8_t *elems = (uint8_t *)(uintptr_t)load_u32(area);
  uint32_t len = load_u32(area + 4);
  for (uint32_t i = 0; i < len; ++i) release((void *)(uintptr_t)load_u32(elems + 8 * i), load_u32(elems + 8 * i + 4));
  release(elems, len);
}

EXPORT("swap-point") uint8_t *swap_point(int32_t x, int32_t y) {
  store_u32(return_area, (uint32_t)y);
  store_u32(return_area + 4, (uint32_t)x);
  return return_area;
}

// person { name: string @0, age: u8 @8, email: option<string> @12 (payload @16) }, 24 bytes.
EXPORT("birthday") uint8_t *birthday(uint8_t *name, uint32_t name_len, int32_t age,
                                     int32_t has_email, uint8_t *email, uint32_t email_len) {
  memset(return_area, 0, 24);
  store_u32(return_area, (uint32_t)(uintptr_t)name);
  store_u32(return_area + 4, name_len);
  return_area[8] = (uint8_t)(age + 1);
  return_area[12] = (uint8_t)has_email;
  if (has_email) {
    store_u32(return_area + 16, (uint32_t)(uintptr_t)email);
    store_u32(return_area + 20, email_len);
  }
  return return_area;
}
EXPORT("cabi_post_birthday") void post_birthday(uint8_t *area) {
  release((void *)(uintptr_t)load_u32(area), load_u32(area + 4));
  if (area[12]) release((void *)(uintptr_t)load_u32(area + 16), load_u32(area + 20));
}

// tuple<bool @0, u32 @4, string @8>, 16 bytes.
EXPORT("rotate-tuple") uint8_t *rotate_tuple(uint32_t n, uint8_t *s, uint32_t s_len, int32_t b) {
  memset(return_area, 0, 16);
  return_area[0] = (uint8_t)b;
  store_u32(return_area + 4, n);
  store_u32(return_area + 8, (uint32_t)(uintptr_t)s);
  store_u32(return_area + 12, s_len);
  return return_area;
}
EXPORT("cabi_post_rotate-tuple") void post_rotate_tuple(uint8_t *area) {
  release((void *)(uintptr_t)load_u32(area + 8), load_u32(area + 12));
}

// shape flattens to (case, i64 joining f64 and s32, s32); in memory: case @0, payload @8.
EXPORT("grow-shape") uint8_t *grow_shape(int32_t which, int64_t first, int32_t second) {
  memset(return_area, 0, 16);
  return_area[0] = (uint8_t)which;
  if (which == 0) {
    double radius;
    memcpy(&radius, &first, 8);
    radius *= 2;
    memcpy(return_area + 8, &radius, 8);
  } else if (which == 1) {
    store_u32(return_area + 8, (uint32_t)first * 2);
    store_u32(return_area + 12, (uint32_t)second * 2);
  }
  return return_area;
}

EXPORT("next-color") int32_t next_color(int32_t c) { return (c + 1) % 3; }

// option<u32> result: case @0, payload @4.
EXPORT("double-option") uint8_t *double_option(int32_t is_some, uint32_t v) {
  memset(return_area, 0, 8);
  return_area[0] = (uint8_t)is_some;
  if (is_some) store_u32(return_area + 4, v * 2);
  return return_area;
}

// result<u32, string> in: (case, u32-or-ptr, len); result<string, u32> out: case @0,
// payload @4. ok(n) becomes ok(decimal n); err(s) becomes err(byte length of s).
EXPORT("check-result") uint8_t *check_result(int32_t is_err, uint32_t payload, uint32_t len) {
  memset(return_area, 0, 12);
  if (!is_err) {
    char *text = malloc(16);
    int n = snprintf(text, 16, "%u", payload);
    return_area[0] = 0;
    store_u32(return_area + 4, (uint32_t)(uintptr_t)text);
    store_u32(return_area + 8, (uint32_t)n);
  } else {
    release((void *)(uintptr_t)payload, len);
    return_area[0] = 1;
    store_u32(return_area + 4, len);
  }
  return return_area;
}
EXPORT("cabi_post_check-result") void post_check_result(uint8_t *area) {
  if (area[0] == 0) free((void *)(uintptr_t)load_u32(area + 4));
}

EXPORT("toggle-perms") int32_t toggle_perms(int32_t p) { return p ^ 0x7; }

EXPORT("toggle-many") int32_t toggle_many(int32_t m) { return ~m; }

// tuple<many @0 (u32), perms @4 (u8)>: each flags toggled.
EXPORT("swap-flags") uint8_t *swap_flags(int32_t p, int32_t m) {
  memset(return_area, 0, 8);
  store_u32(return_area, ~(uint32_t)m);
  return_area[4] = (uint8_t)(p ^ 0x7);
  return return_area;
}

// More than 16 flat parameters: one pointer to the parameters laid out as a record.
EXPORT("sum17") int64_t sum17(uint32_t *params) {
  uint64_t sum = 0;
  for (int i = 0; i < 17; ++i) sum += params[i];
  free(params);
  return (int64_t)sum;
}

// The parameters as a record: a u8 @0, b s16 @2, c u64 @8, d f32 @16, e f64 @24,
// f string @32, g point @40, h option<s64> @48 (payload @56), i char @64, j bool @68,
// k list<u8> @72, l tuple<u16, u16> @80.
EXPORT("mixed-spill") uint8_t *mixed_spill(uint8_t *p) {
  uint8_t a = p[0];
  int16_t b;
  uint64_t c;
  float d;
  double e;
  int32_t gx, gy;
  int64_t h;
  uint16_t l0, l1;
  memcpy(&b, p + 2, 2);
  memcpy(&c, p + 8, 8);
  memcpy(&d, p + 16, 4);
  memcpy(&e, p + 24, 8);
  memcpy(&gx, p + 40, 4);
  memcpy(&gy, p + 44, 4);
  memcpy(&h, p + 56, 8);
  memcpy(&l0, p + 80, 2);
  memcpy(&l1, p + 82, 2);
  char *f = (char *)(uintptr_t)load_u32(p + 32);
  uint32_t f_len = load_u32(p + 36);
  uint8_t *k = (uint8_t *)(uintptr_t)load_u32(p + 72);
  uint32_t k_len = load_u32(p + 76);
  uint32_t k_sum = 0;
  for (uint32_t i = 0; i < k_len; ++i) k_sum += k[i];
  char h_text[32] = "none";
  if (p[48]) snprintf(h_text, sizeof h_text, "%lld", (long long)h);
  char *out = malloc(256);
  int n = snprintf(out, 256, "a=%u b=%d c=%llu d=%g e=%g f=%.*s g=(%d,%d) h=%s i=U+%04X j=%d k=%u/%u l=(%u,%u)",
                   a, b, (unsigned long long)c, (double)d, e, (int)f_len, f, gx, gy, h_text,
                   load_u32(p + 64), p[68], k_sum, k_len, l0, l1);
  release(f, f_len);
  release(k, k_len);
  free(p);
  return return_buffer(out, (uint32_t)n);
}
EXPORT("cabi_post_mixed-spill") void post_mixed_spill(uint8_t *area) { free_returned_buffer(area); }

EXPORT("div-mod") uint8_t *div_mod(uint32_t a, uint32_t b) {
  if (b == 0) __builtin_trap();
  store_u32(return_area, a / b);
  store_u32(return_area + 4, a % b);
  return return_area;
}

// tuple<u64 @0, u32 @8>.
EXPORT("wide-pair") uint8_t *wide_pair(uint32_t a, int64_t b) {
  store_u64(return_area, (uint64_t)b + 1);
  store_u32(return_area + 8, a + 1);
  return return_area;
}
