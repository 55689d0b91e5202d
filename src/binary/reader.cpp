#include "binary/reader.hpp"

#include <cstdio>
#include <cstring>

#include "binary/limits.hpp"

namespace stratus::binary {

namespace {

// The LEB128 rules follow the spec's reference decoder so that error texts line up with the
// spec test suite: value bits beyond the type's width are "integer too large" (checked
// before the continuation bit), more bytes than ceil(N/7) is "integer representation too long".
constexpr const char* kTooLarge = "integer too large";
constexpr const char* kTooLong = "integer representation too long";

}  // namespace

Error Reader::error_at(uint32_t offset, std::string_view what) const {
  char prefix[32];
  std::snprintf(prefix, sizeof prefix, "at offset 0x%x: ", offset);
  std::string message(prefix);
  message.append(what);
  return Error(ErrorKind::Malformed, std::move(message));
}

Error Reader::error(std::string_view what) const { return error_at(offset(), what); }

Error Reader::end_error() const {
  return error(bounded_ ? "unexpected end of section or function" : "unexpected end");
}

Result<uint32_t> Reader::u32_slow() {
  uint32_t result = 0;
  unsigned shift = 0;
  for (int bits_left = 32;; bits_left -= 7, shift += 7) {
    if (bits_left <= 0) return error(kTooLong);
    if (pos_ >= data_.size()) return end_error();
    const uint8_t byte = data_[pos_];
    if (bits_left < 7 && (byte & 0x7F) >= (1u << bits_left)) return error(kTooLarge);
    ++pos_;
    result |= static_cast<uint32_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return result;
  }
}

Result<uint64_t> Reader::u64() {
  uint64_t result = 0;
  unsigned shift = 0;
  for (int bits_left = 64;; bits_left -= 7, shift += 7) {
    if (bits_left <= 0) return error(kTooLong);
    if (pos_ >= data_.size()) return end_error();
    const uint8_t byte = data_[pos_];
    if (bits_left < 7 && (byte & 0x7F) >= (1u << bits_left)) return error(kTooLarge);
    ++pos_;
    result |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return result;
  }
}

namespace {

// Signed LEB of `width` bits into an int64. In the last permitted byte the bits at and above
// the type's sign bit must all be equal (a sign extension), otherwise the value does not fit.
template <int width>
Result<int64_t> read_signed(Reader& reader, std::span<const uint8_t> rest) {
  uint64_t result = 0;
  unsigned shift = 0;
  size_t i = 0;
  for (int bits_left = width;; bits_left -= 7, shift += 7) {
    if (bits_left <= 0) {
      reader.skip(i);
      return reader.error(kTooLong);
    }
    if (i >= rest.size()) {
      reader.skip(i);
      return reader.end_error();
    }
    const uint8_t byte = rest[i];
    if (bits_left < 7) {
      const uint8_t mask = static_cast<uint8_t>((0x7Fu << (bits_left - 1)) & 0x7Fu);
      if ((byte & mask) != 0 && (byte & mask) != mask) {
        reader.skip(i);
        return reader.error(kTooLarge);
      }
    }
    ++i;
    result |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      if (shift + 7 < 64 && (byte & 0x40) != 0) result |= ~uint64_t{0} << (shift + 7);
      reader.skip(i);
      return static_cast<int64_t>(result);
    }
  }
}

}  // namespace

Result<int32_t> Reader::s32() {
  if (pos_ < data_.size() && data_[pos_] < 0x80) {
    const uint8_t byte = data_[pos_++];
    // Sign-extend the 7-bit group.
    return static_cast<int32_t>(static_cast<int8_t>(static_cast<uint8_t>(byte << 1))) >> 1;
  }
  auto value = read_signed<32>(*this, rest());
  if (!value) return value.error();
  return static_cast<int32_t>(*value);
}

Result<int64_t> Reader::s64() { return read_signed<64>(*this, rest()); }

Result<int64_t> Reader::s33() { return read_signed<33>(*this, rest()); }

Result<uint32_t> Reader::fixed_u32() {
  if (remaining() < 4) {
    pos_ = data_.size();
    return end_error();
  }
  uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | data_[pos_ + static_cast<size_t>(i)];
  pos_ += 4;
  return value;
}

Result<uint64_t> Reader::fixed_u64() {
  if (remaining() < 8) {
    pos_ = data_.size();
    return end_error();
  }
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | data_[pos_ + static_cast<size_t>(i)];
  pos_ += 8;
  return value;
}

Result<std::span<const uint8_t>> Reader::bytes(size_t n) {
  if (n > remaining()) {
    pos_ = data_.size();
    return end_error();
  }
  auto out = data_.subspan(pos_, n);
  pos_ += n;
  return out;
}

Result<Reader> Reader::sub_reader(size_t n) {
  const uint32_t start = offset();
  auto span = bytes(n);
  if (!span) return span.error();
  Reader sub(*span, start);
  sub.bounded_ = true;
  return sub;
}

Result<std::string_view> Reader::name() {
  const uint32_t length_at = offset();
  const size_t available = remaining();  // the reference decoder's bound includes the LEB
  auto length = u32();
  if (!length) return length.error();
  if (*length > available) return error_at(length_at, "length out of bounds");
  if (*length > kMaxNameLength) return error_at(length_at, too_many("bytes in a name", *length, kMaxNameLength));
  const uint32_t start = offset();
  auto span = bytes(*length);
  if (!span) return span.error();
  if (!is_valid_utf8(*span)) return error_at(start, "malformed UTF-8 encoding");
  return std::string_view(reinterpret_cast<const char*>(span->data()), span->size());
}

bool is_valid_utf8(std::span<const uint8_t> bytes) {
  size_t i = 0;
  const size_t n = bytes.size();
  while (i < n) {
    // Names are overwhelmingly ASCII: skip eight bytes at a time when none has the top bit.
    while (i + 8 <= n) {
      uint64_t chunk;
      std::memcpy(&chunk, bytes.data() + i, 8);
      if ((chunk & 0x8080808080808080ull) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    const uint8_t lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    size_t length;
    uint32_t min_code;
    uint32_t code;
    if ((lead & 0xE0) == 0xC0) {
      length = 2, min_code = 0x80, code = lead & 0x1Fu;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, min_code = 0x800, code = lead & 0x0Fu;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, min_code = 0x10000, code = lead & 0x07u;
    } else {
      return false;  // a continuation byte or 0xF8..0xFF as a lead
    }
    if (n - i < length) return false;
    for (size_t k = 1; k < length; ++k) {
      const uint8_t next = bytes[i + k];
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3Fu);
    }
    if (code < min_code || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

}  // namespace stratus::binary
