#include "component/abi/strings.hpp"

#include <bit>
#include <cstring>
#include <optional>
#include <vector>

#include "component/abi/traps.hpp"

namespace stratus::component::abi {

static_assert(std::endian::native == std::endian::little, "guest memory is little-endian, and so is the host");

namespace {

constexpr size_t kValid = SIZE_MAX;

// The offset of the first byte that does not start a well-formed sequence, or kValid: the
// rules of binary::is_valid_utf8 (no overlongs, surrogates or code points past U+10FFFF),
// with the offset a trap message names and an ASCII fast path for long strings.
size_t first_invalid_utf8(const uint8_t* s, size_t n) {
  size_t i = 0;
  auto cont = [&](size_t k) { return k < n && (s[k] & 0xC0) == 0x80; };
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, s + i, 8);
      if ((w & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    uint8_t b = s[i];
    if (b < 0x80) {
      ++i;
    } else if (b < 0xC2) {  // a stray continuation byte, or an overlong C0/C1 form
      return i;
    } else if (b < 0xE0) {
      if (!cont(i + 1)) return i;
      i += 2;
    } else if (b < 0xF0) {
      if (!cont(i + 1) || !cont(i + 2)) return i;
      if (b == 0xE0 && s[i + 1] < 0xA0) return i;   // overlong
      if (b == 0xED && s[i + 1] > 0x9F) return i;   // a surrogate, U+D800..U+DFFF
      i += 3;
    } else if (b < 0xF5) {
      if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return i;
      if (b == 0xF0 && s[i + 1] < 0x90) return i;   // overlong
      if (b == 0xF4 && s[i + 1] > 0x8F) return i;   // past U+10FFFF
      i += 4;
    } else {
      return i;
    }
  }
  return kValid;
}

uint16_t unit_at(const uint8_t* s, size_t k) { return static_cast<uint16_t>(s[2 * k] | s[2 * k + 1] << 8); }

// The index of the first code unit that is an unpaired surrogate, or kValid.
size_t first_invalid_utf16(const uint8_t* s, size_t units) {
  for (size_t k = 0; k < units; ++k) {
    uint16_t u = unit_at(s, k);
    if (u < 0xD800 || u > 0xDFFF) continue;
    if (u >= 0xDC00) return k;
    if (k + 1 >= units) return k;
    uint16_t lo = unit_at(s, k + 1);
    if (lo < 0xDC00 || lo > 0xDFFF) return k;
    ++k;
  }
  return kValid;
}

// One code point of validated UTF-8 at `p`; returns its length in bytes.
inline size_t decode_utf8(const uint8_t* p, uint32_t& cp) {
  uint8_t b = p[0];
  if (b < 0x80) {
    cp = b;
    return 1;
  }
  if (b < 0xE0) {
    cp = (b & 0x1Fu) << 6 | (p[1] & 0x3Fu);
    return 2;
  }
  if (b < 0xF0) {
    cp = (b & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
    return 3;
  }
  cp = (b & 0x07u) << 18 | (p[1] & 0x3Fu) << 12 | (p[2] & 0x3Fu) << 6 | (p[3] & 0x3Fu);
  return 4;
}

enum class Simple : uint8_t { Utf8, Utf16, Latin1 };

// A validated string: its bytes, its encoding and its length in code units; `tagged` when
// it was a latin1+utf16 string (which the store algorithms treat apart).
struct Source {
  const uint8_t* bytes = nullptr;
  size_t byte_length = 0;
  Simple encoding = Simple::Utf8;
  uint32_t code_units = 0;
  bool tagged = false;
};

// Code points of a validated source, in order.
class CodePoints {
 public:
  explicit CodePoints(const Source& s) : s_(s) {}
  bool done() const { return pos_ >= s_.byte_length; }
  uint32_t next() {
    const uint8_t* p = s_.bytes + pos_;
    switch (s_.encoding) {
      case Simple::Latin1: ++pos_; return p[0];
      case Simple::Utf16: {
        uint32_t u = static_cast<uint32_t>(p[0] | p[1] << 8);
        pos_ += 2;
        if (u < 0xD800 || u > 0xDBFF) return u;
        uint32_t lo = static_cast<uint32_t>(p[2] | p[3] << 8);
        pos_ += 2;
        return 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
      }
      case Simple::Utf8: break;
    }
    uint32_t cp = 0;
    pos_ += decode_utf8(p, cp);
    return cp;
  }

 private:
  const Source& s_;
  size_t pos_ = 0;
};

size_t put_utf8(uint8_t* out, uint32_t cp) {
  if (cp < 0x80) {
    out[0] = static_cast<uint8_t>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<uint8_t>(0xC0 | cp >> 6);
    out[1] = static_cast<uint8_t>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<uint8_t>(0xE0 | cp >> 12);
    out[1] = static_cast<uint8_t>(0x80 | (cp >> 6 & 0x3F));
    out[2] = static_cast<uint8_t>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<uint8_t>(0xF0 | cp >> 18);
  out[1] = static_cast<uint8_t>(0x80 | (cp >> 12 & 0x3F));
  out[2] = static_cast<uint8_t>(0x80 | (cp >> 6 & 0x3F));
  out[3] = static_cast<uint8_t>(0x80 | (cp & 0x3F));
  return 4;
}

// Writes `cp` as UTF-16LE; returns the code units written.
size_t put_utf16(uint8_t* out, uint32_t cp) {
  if (cp < 0x10000) {
    out[0] = static_cast<uint8_t>(cp);
    out[1] = static_cast<uint8_t>(cp >> 8);
    return 1;
  }
  cp -= 0x10000;
  uint32_t hi = 0xD800 + (cp >> 10), lo = 0xDC00 + (cp & 0x3FF);
  out[0] = static_cast<uint8_t>(hi);
  out[1] = static_cast<uint8_t>(hi >> 8);
  out[2] = static_cast<uint8_t>(lo);
  out[3] = static_cast<uint8_t>(lo >> 8);
  return 2;
}

const char* encoding_name(Simple e) {
  switch (e) {
    case Simple::Utf8: return "UTF-8";
    case Simple::Utf16: return "UTF-16";
    case Simple::Latin1: return "latin1";
  }
  return "?";
}


struct Range {
  uint32_t ptr;
  uint64_t byte_length;
  Simple encoding;
  uint32_t code_units;
  bool tagged;
};

// load_string_from_range's checks, in its order: length, alignment, bounds.
Result<Range> check_range(const GuestMemory& mem, StringEncoding enc, GuestString s) {
  Range r{s.ptr, s.tagged_code_units, Simple::Utf8, s.tagged_code_units, false};
  uint32_t align = 1;
  switch (enc) {
    case StringEncoding::Utf8: break;
    case StringEncoding::Utf16:
      align = 2;
      r.encoding = Simple::Utf16;
      r.byte_length = 2 * uint64_t{s.tagged_code_units};
      break;
    case StringEncoding::Latin1Utf16:
      align = 2;
      r.tagged = true;
      if (s.tagged_code_units & kUtf16Tag) {
        r.encoding = Simple::Utf16;
        r.code_units = s.tagged_code_units ^ kUtf16Tag;
        r.byte_length = 2 * uint64_t{r.code_units};
      } else {
        r.encoding = Simple::Latin1;
      }
      break;
  }
  if (r.byte_length > kMaxStringByteLength) {
    return abi_trap("string of " + std::to_string(r.byte_length) + " bytes is longer than the canonical ABI's " +
                    std::to_string(kMaxStringByteLength) + "-byte limit");
  }
  if (s.ptr % align != 0) {
    return abi_trap(std::string(encoding_name(r.encoding)) + " string pointer " + hex(s.ptr) + " is not " +
                    std::to_string(align) + "-byte aligned");
  }
  if (!mem.contains(s.ptr, r.byte_length)) {
    return abi_trap("string at " + hex(s.ptr) + " of " + std::to_string(r.byte_length) +
                    " bytes is out of bounds of linear memory (" + std::to_string(mem.size) + " bytes)");
  }
  return r;
}

Result<void> validate(const Range& r, const uint8_t* bytes) {
  size_t bad = kValid;
  if (r.encoding == Simple::Utf8) {
    bad = first_invalid_utf8(bytes, r.byte_length);
    if (bad != kValid) {
      return abi_trap("string at " + hex(r.ptr) + " is not valid UTF-8: byte " + hex(bytes[bad]) + " at offset " +
                      std::to_string(bad) + " does not begin a well-formed sequence");
    }
  } else if (r.encoding == Simple::Utf16) {
    bad = first_invalid_utf16(bytes, r.code_units);
    if (bad != kValid) {
      return abi_trap("string at " + hex(r.ptr) + " is not valid UTF-16: unpaired surrogate " +
                      hex(unit_at(bytes, bad)) + " at code unit " + std::to_string(bad));
    }
  }
  return {};
}

uint8_t* at(LiftLowerContext& cx, uint32_t ptr) { return cx.options.memory->base + ptr; }

// store_string_copy: the same code units in a wider or equal unit.
Result<GuestString> store_copy(LiftLowerContext& cx, const Source& src, uint32_t dst_unit, uint32_t dst_align) {
  uint32_t bytes = dst_unit * src.code_units;
  auto ptr = cx.allocate(dst_align, bytes);
  if (!ptr) return ptr.error();
  uint8_t* d = at(cx, *ptr);
  if (src.encoding == Simple::Latin1 && dst_unit == 2) {
    for (uint32_t i = 0; i < src.code_units; ++i) {
      d[2 * i] = src.bytes[i];
      d[2 * i + 1] = 0;
    }
  } else if (bytes > 0) {
    std::memcpy(d, src.bytes, bytes);
  }
  return GuestString{*ptr, src.code_units};
}

// store_string_to_utf8 (from utf16 or latin1): optimistic 1 byte per code unit, grown to
// the worst case at the first non-ASCII code point, shrunk to fit at the end.
Result<GuestString> store_to_utf8(LiftLowerContext& cx, const Source& src, uint32_t worst_case) {
  const uint32_t n = src.code_units;
  auto ptr = cx.allocate(1, n);
  if (!ptr) return ptr.error();
  CodePoints cps(src);
  uint32_t i = 0;
  while (!cps.done()) {
    uint32_t cp = cps.next();
    if (cp < 0x80) {
      *at(cx, *ptr + i) = static_cast<uint8_t>(cp);
      ++i;
      continue;
    }
    ptr = cx.reallocate(*ptr, n, 1, worst_case);
    if (!ptr) return ptr.error();
    uint32_t out = i;
    uint8_t* d = at(cx, *ptr);
    out += static_cast<uint32_t>(put_utf8(d + out, cp));
    while (!cps.done()) out += static_cast<uint32_t>(put_utf8(d + out, cps.next()));
    if (worst_case > out) {
      ptr = cx.reallocate(*ptr, worst_case, 1, out);
      if (!ptr) return ptr.error();
    }
    return GuestString{*ptr, out};
  }
  return GuestString{*ptr, n};
}

// store_utf8_to_utf16: the worst case (2 bytes per UTF-8 byte), shrunk to fit.
Result<GuestString> store_utf8_to_utf16(LiftLowerContext& cx, const Source& src) {
  const uint32_t worst_case = 2 * src.code_units;
  auto ptr = cx.allocate(2, worst_case);
  if (!ptr) return ptr.error();
  uint8_t* d = at(cx, *ptr);
  uint32_t units = 0;
  size_t i = 0;
  while (i < src.byte_length) {
    // ASCII a byte at a time without decoding; the rest through the decoder.
    if (src.bytes[i] < 0x80) {
      d[2 * units] = src.bytes[i++];
      d[2 * units + 1] = 0;
      ++units;
      continue;
    }
    uint32_t cp = 0;
    i += decode_utf8(src.bytes + i, cp);
    units += static_cast<uint32_t>(put_utf16(d + 2 * units, cp));
  }
  if (2 * units < worst_case) {
    ptr = cx.reallocate(*ptr, worst_case, 2, 2 * units);
    if (!ptr) return ptr.error();
  }
  return GuestString{*ptr, units};
}

// store_string_to_latin1_or_utf16 (from utf8 or utf16): latin1 while it fits, then the
// latin1 bytes so far inflated in place and the rest as UTF-16.
Result<GuestString> store_to_latin1_or_utf16(LiftLowerContext& cx, const Source& src) {
  const uint32_t n = src.code_units;
  auto ptr = cx.allocate(2, n);
  if (!ptr) return ptr.error();
  uint32_t len = 0;
  CodePoints cps(src);
  while (!cps.done()) {
    uint32_t cp = cps.next();
    if (cp < 0x100) {
      *at(cx, *ptr + len) = static_cast<uint8_t>(cp);
      ++len;
      continue;
    }
    const uint32_t worst_case = 2 * n;
    ptr = cx.reallocate(*ptr, n, 2, worst_case);
    if (!ptr) return ptr.error();
    uint8_t* d = at(cx, *ptr);
    for (uint32_t j = len; j-- > 0;) {
      d[2 * j] = d[j];
      d[2 * j + 1] = 0;
    }
    uint32_t units = len;
    units += static_cast<uint32_t>(put_utf16(d + 2 * units, cp));
    while (!cps.done()) units += static_cast<uint32_t>(put_utf16(d + 2 * units, cps.next()));
    if (worst_case > 2 * units) {
      ptr = cx.reallocate(*ptr, worst_case, 2, 2 * units);
      if (!ptr) return ptr.error();
    }
    return GuestString{*ptr, units | kUtf16Tag};
  }
  if (len < n) {
    ptr = cx.reallocate(*ptr, n, 2, len);
    if (!ptr) return ptr.error();
  }
  return GuestString{*ptr, len};
}

// store_probably_utf16_to_latin1_or_utf16 (from latin1+utf16's UTF-16 form): copied as is,
// then compressed to latin1 when every code unit fits.
Result<GuestString> store_probably_utf16(LiftLowerContext& cx, const Source& src) {
  const uint32_t n = src.code_units;
  const uint32_t bytes = 2 * n;
  auto ptr = cx.allocate(2, bytes);
  if (!ptr) return ptr.error();
  uint8_t* d = at(cx, *ptr);
  if (bytes > 0) std::memcpy(d, src.bytes, bytes);
  bool latin1 = true;
  for (uint32_t i = 0; i < n && latin1; ++i) latin1 = src.bytes[2 * i + 1] == 0;
  if (!latin1) return GuestString{*ptr, n | kUtf16Tag};
  for (uint32_t i = 0; i < n; ++i) d[i] = d[2 * i];
  ptr = cx.reallocate(*ptr, bytes, 1, n);
  if (!ptr) return ptr.error();
  return GuestString{*ptr, n};
}

// store_string_into_range's dispatch on the two encodings.
Result<GuestString> store(LiftLowerContext& cx, const Source& src) {
  auto mem = cx.memory();
  if (!mem) return mem.error();
  switch (cx.options.encoding) {
    case StringEncoding::Utf8:
      switch (src.encoding) {
        case Simple::Utf8: return store_copy(cx, src, 1, 1);
        case Simple::Utf16: return store_to_utf8(cx, src, 3 * src.code_units);
        case Simple::Latin1: return store_to_utf8(cx, src, 2 * src.code_units);
      }
      break;
    case StringEncoding::Utf16:
      if (src.encoding == Simple::Utf8) return store_utf8_to_utf16(cx, src);
      return store_copy(cx, src, 2, 2);
    case StringEncoding::Latin1Utf16:
      if (!src.tagged) return store_to_latin1_or_utf16(cx, src);
      if (src.encoding == Simple::Latin1) return store_copy(cx, src, 1, 2);
      return store_probably_utf16(cx, src);
  }
  return abi_trap("unknown string encoding");
}

}  // namespace

Result<std::string> lift_string(const LiftLowerContext& cx, GuestString s) {
  auto mem = cx.memory();
  if (!mem) return mem.error();
  auto r = check_range(**mem, cx.options.encoding, s);
  if (!r) return r.error();
  const uint8_t* bytes = (*mem)->base + s.ptr;
  auto ok = validate(*r, bytes);
  if (!ok) return ok.error();
  std::string out;
  switch (r->encoding) {
    case Simple::Utf8: out.assign(reinterpret_cast<const char*>(bytes), r->byte_length); break;
    case Simple::Utf16:
    case Simple::Latin1: {
      Source src{bytes, static_cast<size_t>(r->byte_length), r->encoding, r->code_units, r->tagged};
      // The worst case first (2 UTF-8 bytes per latin1 byte, 3 per UTF-16 code unit), cut to fit.
      out.resize(r->encoding == Simple::Latin1 ? r->byte_length * 2 : r->byte_length / 2 * 3);
      auto* d = reinterpret_cast<uint8_t*>(out.data());
      size_t n = 0;
      if (r->encoding == Simple::Latin1) {
        for (size_t k = 0; k < r->byte_length; ++k) n += put_utf8(d + n, bytes[k]);
      } else {
        CodePoints cps(src);
        while (!cps.done()) n += put_utf8(d + n, cps.next());
      }
      out.resize(n);
      break;
    }
  }
  return out;
}

Result<GuestString> lower_string(LiftLowerContext& cx, std::string_view utf8) {
  if (utf8.size() > kMaxStringByteLength) {
    return host_value_error("string of " + std::to_string(utf8.size()) + " bytes is longer than the canonical ABI's " +
                            std::to_string(kMaxStringByteLength) + "-byte limit");
  }
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  size_t bad = first_invalid_utf8(bytes, utf8.size());
  if (bad != kValid) {
    return host_value_error("string is not valid UTF-8 (byte " + hex(bytes[bad]) + " at offset " +
                            std::to_string(bad) + "): a string value must be UTF-8");
  }
  return store(cx, Source{bytes, utf8.size(), Simple::Utf8, static_cast<uint32_t>(utf8.size()), false});
}

Result<GuestString> transcode_string(const GuestMemory& src_memory, StringEncoding src_encoding, GuestString s,
                                     LiftLowerContext& dst) {
  auto r = check_range(src_memory, src_encoding, s);
  if (!r) return r.error();
  // A copy first: the destination's realloc runs guest code, and must not be able to change
  // (or, growing a shared memory, move) the bytes between their validation and their use.
  std::vector<uint8_t> copy(src_memory.base + s.ptr, src_memory.base + s.ptr + r->byte_length);
  auto ok = validate(*r, copy.data());
  if (!ok) return ok.error();
  return store(dst, Source{copy.data(), copy.size(), r->encoding, r->code_units, r->tagged});
}

}  // namespace stratus::component::abi
