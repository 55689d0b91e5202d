// Appends the binary format's primitives to a byte vector: LEB128 integers, little-endian
// constants, names and length-prefixed sections.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace stratus::text {

class BinaryWriter {
 public:
  std::vector<uint8_t>& bytes() { return out_; }
  const std::vector<uint8_t>& bytes() const { return out_; }
  size_t size() const { return out_.size(); }

  void byte(uint8_t b) { out_.push_back(b); }
  void u32(uint64_t v) {
    do {
      uint8_t b = v & 0x7F;
      v >>= 7;
      if (v != 0) b |= 0x80;
      out_.push_back(b);
    } while (v != 0);
  }
  void s64(int64_t v) {
    for (;;) {
      const uint8_t b = v & 0x7F;
      v >>= 7;
      const bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
      out_.push_back(done ? b : (b | 0x80));
      if (done) return;
    }
  }
  void s32(int32_t v) { s64(v); }
  void fixed(uint64_t bits, unsigned width) {
    for (unsigned i = 0; i < width; ++i) out_.push_back(static_cast<uint8_t>(bits >> (8 * i)));
  }
  void raw(std::string_view bytes) { out_.insert(out_.end(), bytes.begin(), bytes.end()); }
  void raw(const std::vector<uint8_t>& bytes) { out_.insert(out_.end(), bytes.begin(), bytes.end()); }
  void name(std::string_view bytes) {
    u32(bytes.size());
    raw(bytes);
  }
  // `content` with its byte length before it (a section's or a function body's).
  void sized(const std::vector<uint8_t>& content) {
    u32(content.size());
    raw(content);
  }
  template <typename Bytes>
  void custom_section(std::string_view name, const Bytes& content) {
    BinaryWriter w;
    w.name(name);
    w.raw(content);
    byte(0);
    sized(w.bytes());
  }
  void section(uint8_t id, uint32_t count, const std::vector<uint8_t>& content) {
    BinaryWriter w;
    w.u32(count);
    w.raw(content);
    byte(id);
    sized(w.bytes());
  }

 private:
  std::vector<uint8_t> out_;
};

}  // namespace stratus::text
