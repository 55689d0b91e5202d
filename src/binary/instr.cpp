#include "binary/instr.hpp"

#include <cstdio>
#include <cstring>
#include <optional>

#include "binary/instr_decode.hpp"
#include "binary/limits.hpp"

namespace stratus::binary {

InstrReader::InstrReader(std::span<const uint8_t> body, uint32_t base_offset)
    : r_(body, base_offset), base_(base_offset) {
  r_.set_bounded(true);
}

namespace {

// The fast source: a raw cursor and plain bools. Any doubt (end of input, an over-long or
// oversized LEB, a bad reserved byte, an unknown opcode) fails without an error, and
// InstrReader::read then decodes the instruction again from a CheckedSource for the message.
struct FastCursor {
  static constexpr bool kChecks = true;
  const uint8_t* p;
  const uint8_t* end;

  uint32_t offset() const { return 0; }  // only ever passed to fail(), which ignores it
  size_t remaining() const { return static_cast<size_t>(end - p); }
  bool fail(uint32_t, const char*) { return false; }
  bool illegal_opcode(uint32_t, uint32_t, uint32_t) { return false; }

  [[gnu::always_inline]] bool u8(uint8_t& out) {
    if (p == end) return false;
    out = *p++;
    return true;
  }
  [[gnu::always_inline]] bool peek(uint8_t& out) const {
    if (p == end) return false;
    out = *p;
    return true;
  }
  [[gnu::always_inline]] void skip_byte() { ++p; }
  [[gnu::always_inline]] bool u32(uint32_t& out) {
    if (p != end && *p < 0x80) [[likely]] {
      out = *p++;
      return true;
    }
    return u32_multi(out);
  }
  [[gnu::always_inline]] bool s32(int32_t& out) {
    int64_t wide;
    if (!signed_leb<32>(wide)) return false;
    out = static_cast<int32_t>(wide);
    return true;
  }
  [[gnu::always_inline]] bool s33(int64_t& out) { return signed_leb<33>(out); }
  [[gnu::always_inline]] bool s64(int64_t& out) { return signed_leb<64>(out); }
  bool fixed_u32(uint32_t& out) {
    uint8_t raw[4];
    if (!fixed(4, raw)) return false;
    out = uint32_t{raw[0]} | uint32_t{raw[1]} << 8 | uint32_t{raw[2]} << 16 | uint32_t{raw[3]} << 24;
    return true;
  }
  bool fixed_u64(uint64_t& out) {
    uint8_t raw[8];
    if (!fixed(8, raw)) return false;
    out = 0;
    for (int i = 7; i >= 0; --i) out = (out << 8) | raw[i];
    return true;
  }
  bool bytes16(uint8_t* out) { return fixed(16, out); }

 private:
  [[gnu::always_inline]] bool fixed(size_t n, uint8_t* out) {
    if (remaining() < n) return false;
    std::memcpy(out, p, n);
    p += n;
    return true;
  }
  [[gnu::noinline]] bool u32_multi(uint32_t& out) {
    uint32_t result = 0;
    const uint8_t* q = p;
    for (unsigned shift = 0; shift < 35; shift += 7) {
      if (q == end) return false;
      const uint8_t byte = *q++;
      if (shift == 28 && (byte & 0xF0) != 0) return false;
      result |= static_cast<uint32_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) {
        p = q;
        out = result;
        return true;
      }
    }
    return false;
  }
  // Signed LEB of `width` bits with the same acceptance rules as Reader.
  template <int width>
  [[gnu::always_inline]] bool signed_leb(int64_t& out) {
    if (p != end && *p < 0x80) [[likely]] {
      out = static_cast<int8_t>(static_cast<uint8_t>(*p++ << 1)) >> 1;
      return true;
    }
    return signed_multi<width>(out);
  }
  template <int width>
  [[gnu::noinline]] bool signed_multi(int64_t& out) {
    uint64_t result = 0;
    const uint8_t* q = p;
    unsigned shift = 0;
    for (int bits_left = width; bits_left > 0; bits_left -= 7, shift += 7) {
      if (q == end) return false;
      const uint8_t byte = *q++;
      if (bits_left < 7) {
        const uint8_t mask = static_cast<uint8_t>((0x7Fu << (bits_left - 1)) & 0x7Fu);
        if ((byte & mask) != 0 && (byte & mask) != mask) return false;
      }
      result |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) {
        if (shift + 7 < 64 && (byte & 0x40) != 0) result |= ~uint64_t{0} << (shift + 7);
        p = q;
        out = static_cast<int64_t>(result);
        return true;
      }
    }
    return false;
  }
};

// The careful source: every read goes through Reader, whose errors name the offset and the
// problem in the spec suite's words; the first one is kept.
struct CheckedSource {
  static constexpr bool kChecks = true;
  Reader& r;
  std::optional<Error> error;

  uint32_t offset() const { return r.offset(); }
  size_t remaining() const { return r.remaining(); }
  bool fail(uint32_t at, const char* what) {
    error = r.error_at(at, what);
    return false;
  }
  bool illegal_opcode(uint32_t at, uint32_t prefix, uint32_t code) {
    char what[48];
    if (prefix != 0) std::snprintf(what, sizeof what, "illegal opcode 0x%02x 0x%x", prefix, code);
    else std::snprintf(what, sizeof what, "illegal opcode 0x%02x", code);
    return fail(at, what);
  }

  bool u8(uint8_t& out) { return take(r.u8(), out); }
  bool peek(uint8_t& out) {
    if (r.peek(out)) return true;
    error = r.end_error();
    return false;
  }
  void skip_byte() { r.skip(1); }
  bool u32(uint32_t& out) { return take(r.u32(), out); }
  bool s32(int32_t& out) { return take(r.s32(), out); }
  bool s33(int64_t& out) { return take(r.s33(), out); }
  bool s64(int64_t& out) { return take(r.s64(), out); }
  bool fixed_u32(uint32_t& out) { return take(r.fixed_u32(), out); }
  bool fixed_u64(uint64_t& out) { return take(r.fixed_u64(), out); }
  bool bytes16(uint8_t* out) {
    auto bytes = r.bytes(16);
    if (!bytes) {
      error = bytes.error();
      return false;
    }
    std::memcpy(out, bytes->data(), 16);
    return true;
  }

 private:
  template <class T>
  bool take(Result<T> value, T& out) {
    if (!value) {
      error = value.error();
      return false;
    }
    out = *value;
    return true;
  }
};

}  // namespace

bool InstrReader::read_fast(Instr& out) {
  const auto rest = r_.rest();
  FastCursor cursor{rest.data(), rest.data() + rest.size()};
  out.offset = r_.offset();
  if (!decode_instr(cursor, targets_, out)) [[unlikely]] return false;
  r_.skip(static_cast<size_t>(cursor.p - rest.data()));
  return true;
}

// The instruction read_fast gave up on, again from a CheckedSource for the error.
Result<void> InstrReader::read_checked(Instr& out) {
  CheckedSource checked{r_, std::nullopt};
  if (decode_instr(checked, targets_, out)) return {};
  if (!checked.error) return r_.error_at(out.offset, "illegal opcode");  // every failure records one
  return std::move(*checked.error);
}

}  // namespace stratus::binary
