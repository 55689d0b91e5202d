// Bounds-checked cursor over bytes with LEB128 decoding. Every failure is an Error naming
// the absolute byte offset and what was wrong; nothing here can read out of bounds.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "stratus/result.hpp"

namespace stratus::binary {

class Reader {
 public:
  // `base` is the absolute offset of data[0] within the module, used in messages.
  explicit Reader(std::span<const uint8_t> data, uint32_t base = 0) : data_(data), base_(base) {}

  size_t position() const { return pos_; }
  uint32_t offset() const { return base_ + static_cast<uint32_t>(pos_); }
  size_t remaining() const { return data_.size() - pos_; }
  bool at_end() const { return pos_ >= data_.size(); }

  // The single-byte cases are inline because instruction decoding is dominated by them.
  Result<uint8_t> u8() {
    if (pos_ < data_.size()) return data_[pos_++];
    return end_error();
  }
  Result<uint32_t> u32() {  // unsigned LEB128, at most 5 bytes, unused high bits must be zero
    if (pos_ < data_.size() && data_[pos_] < 0x80) return data_[pos_++];
    return u32_slow();
  }
  Result<uint64_t> u64();  // unsigned LEB128, at most 10 bytes
  Result<int32_t> s32();   // signed LEB128, at most 5 bytes, sign-consistent unused bits
  Result<int64_t> s64();   // signed LEB128, at most 10 bytes
  Result<int64_t> s33();   // block type index form
  Result<uint32_t> fixed_u32();  // little-endian 4 bytes (f32 bits)
  Result<uint64_t> fixed_u64();  // little-endian 8 bytes (f64 bits)
  Result<std::span<const uint8_t>> bytes(size_t n);
  Result<std::string_view> name();  // u32 length + UTF-8 validated bytes

  Error error(std::string_view what) const;  // "at offset 0x1c: <what>"
  Error error_at(uint32_t offset, std::string_view what) const;

  // --- Additions beyond the original contract ---

  // The next `n` bytes as their own Reader (same absolute offsets), consumed from this one.
  // Running off the end of a sub-reader is "unexpected end of section or function", as the
  // spec distinguishes it from running off the end of the whole module ("unexpected end").
  Result<Reader> sub_reader(size_t n);
  // Marks this reader as covering a section or function body (see sub_reader).
  void set_bounded(bool bounded) { bounded_ = bounded; }
  // True and the next byte in `out`, without consuming it; false at the end.
  bool peek(uint8_t& out) const {
    if (pos_ >= data_.size()) return false;
    out = data_[pos_];
    return true;
  }
  // What is left, and consuming part of it after someone else decoded it.
  std::span<const uint8_t> rest() const { return data_.subspan(pos_); }
  void skip(size_t n) { pos_ += n < remaining() ? n : remaining(); }
  // The error for running out of bytes at the current position.
  Error end_error() const;

 private:
  Result<uint32_t> u32_slow();

  std::span<const uint8_t> data_;
  size_t pos_ = 0;
  uint32_t base_;
  bool bounded_ = false;
};

// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF).
bool is_valid_utf8(std::span<const uint8_t> bytes);

}  // namespace stratus::binary
