// Core module of the `bad` reactor (bad.wit): each export lowers a value the canonical ABI
// forbids, named after what is wrong with it. The host lifting it must trap.
#include <string.h>

#include "cabi.h"

EXPORT("bool-two") int32_t bool_two(void) { return 2; }
EXPORT("char-surrogate") int32_t char_surrogate(void) { return 0xD800; }
EXPORT("char-too-big") int32_t char_too_big(void) { return 0x110000; }
EXPORT("enum-out-of-range") int32_t enum_out_of_range(void) { return 3; }

// Case numbers past the last case, in the return area (case byte @0).
static uint8_t *bad_case(uint8_t which) {
  memset(return_area, 0, 16);
  return_area[0] = which;
  return return_area;
}
EXPORT("variant-bad-case") uint8_t *variant_bad_case(void) { return bad_case(5); }
EXPORT("option-bad-case") uint8_t *option_bad_case(void) { return bad_case(2); }
EXPORT("result-bad-case") uint8_t *result_bad_case(void) { return bad_case(2); }

// perms has 3 flags: bits 3 and up must be clear.
EXPORT("flags-extra-bits") int32_t flags_extra_bits(void) { return 0xF9; }

static uint8_t *string_at(uint32_t ptr, uint32_t len) {
  store_u32(return_area, ptr);
  store_u32(return_area + 4, len);
  return return_area;
}
static const char not_utf8[] = {'o', 'k', (char)0xFF, (char)0xFE, (char)0x80};

EXPORT("string-out-of-bounds") uint8_t *string_out_of_bounds(void) { return string_at(0xFFFFFF00u, 0x1000); }
EXPORT("string-invalid-utf8") uint8_t *string_invalid_utf8(void) {
  return string_at((uint32_t)(uintptr_t)not_utf8, sizeof not_utf8);
}
EXPORT("string-overlong-length") uint8_t *string_overlong_length(void) {
  return string_at((uint32_t)(uintptr_t)not_utf8, 0x7FFFFFFFu);
}
EXPORT("retptr-out-of-bounds") uint8_t *retptr_out_of_bounds(void) { return (uint8_t *)0xFFFFFFF8u; }
EXPORT("retptr-misaligned") uint8_t *retptr_misaligned(void) {
  string_at((uint32_t)(uintptr_t)not_utf8, 2);
  memmove(return_area + 1, return_area, 8);
  return return_area + 1;
}

static _Alignas(8) uint32_t words[4] = {1, 2, 3, 4};
EXPORT("list-misaligned") uint8_t *list_misaligned(void) {
  return string_at((uint32_t)(uintptr_t)words + 1, 2);
}
// Four elements from an address past the end of any memory this module has.
EXPORT("list-out-of-bounds") uint8_t *list_out_of_bounds(void) { return string_at(0xFFFFFF00u, 4); }
static _Alignas(8) uint32_t bad_string_element[2] = {0xFFFFFFF0u, 64};
EXPORT("list-string-bad-element") uint8_t *list_string_bad_element(void) {
  return string_at((uint32_t)(uintptr_t)bad_string_element, 1);
}

EXPORT("unreachable") int32_t unreachable(void) { __builtin_trap(); }
EXPORT("fine") int32_t fine(void) { return 7; }
