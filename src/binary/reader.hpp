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

  Result<uint8_t> u8();
  Result<uint32_t> u32();  // unsigned LEB128, at most 5 bytes, unused high bits must be zero
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

 private:
  std::span<const uint8_t> data_;
  size_t pos_ = 0;
  uint32_t base_;
};

}  // namespace stratus::binary
