// Strings across the canonical ABI: lifting a guest string (utf8, utf16 or latin1+utf16)
// into a host UTF-8 std::string, lowering one into a guest, and transcoding from one guest's
// memory and encoding into another's for component-to-component calls. Every store follows
// CanonicalABI.md's realloc pattern for its pair of encodings (store_string_copy,
// store_string_to_utf8, store_utf8_to_utf16, store_string_to_latin1_or_utf16,
// store_probably_utf16_to_latin1_or_utf16): the same first allocation size, the same
// worst-case growth and the same final shrink, so a guest's allocator sees what it would
// under any conforming runtime.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "component/abi/context.hpp"

namespace stratus::component::abi {

// A string in guest memory: its pointer and its length in code units (for latin1+utf16,
// tagged with kUtf16Tag when UTF-16).
struct GuestString {
  uint32_t ptr = 0;
  uint32_t tagged_code_units = 0;
  bool operator==(const GuestString&) const = default;
};

// Traps unless the range is in bounds, aligned for its encoding (2 for utf16 and
// latin1+utf16), at most kMaxStringByteLength bytes and valid in its encoding.
Result<std::string> lift_string(const LiftLowerContext& cx, GuestString s);
// `utf8` must be valid UTF-8 (an Argument error otherwise) of at most kMaxStringByteLength bytes.
Result<GuestString> lower_string(LiftLowerContext& cx, std::string_view utf8);
// Copies a string out of `src_memory` (in `src_encoding`; validated as lift_string does) into
// the guest of `dst`, in dst's encoding, allocating with dst's realloc.
Result<GuestString> transcode_string(const GuestMemory& src_memory, StringEncoding src_encoding, GuestString src,
                                     LiftLowerContext& dst);

}  // namespace stratus::component::abi
