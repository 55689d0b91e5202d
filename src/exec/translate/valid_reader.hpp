// Reads the instructions of an already validated function body, for the translator.
//
// binary::InstrReader checks every byte and reports malformed input; by the time the translator
// runs, decode and validation have accepted the body, so this reader trusts the encoding: no
// bounds or range checks, no Result, and the common one-byte LEBs take one compare. It fills the
// same Instr fields InstrReader does, through the same decoder (binary/instr_decode.hpp). The
// only check it keeps is the end of the body, so a translator bug cannot read past it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "binary/instr.hpp"
#include "binary/instr_decode.hpp"

namespace stratus::exec {

class ValidReader {
 public:
  ValidReader(std::span<const uint8_t> body, uint32_t base_offset)
      : begin_(body.data()), p_(body.data()), end_(body.data() + body.size()), base_(base_offset) {}

  bool at_end() const { return p_ >= end_; }

  [[gnu::always_inline]] void read(binary::Instr& out) {
    out.offset = base_ + static_cast<uint32_t>(p_ - begin_);
    TrustedCursor cursor{p_};
    binary::decode_instr(cursor, targets_, out);
    p_ = cursor.p;
  }

 private:
  // A byte source for binary::decode_instr that checks nothing: every read succeeds.
  struct TrustedCursor {
    static constexpr bool kChecks = false;
    const uint8_t* p;

    uint32_t offset() const { return 0; }  // only for messages, and nothing fails
    size_t remaining() const { return SIZE_MAX; }
    bool fail(uint32_t, const char*) { return false; }
    bool illegal_opcode(uint32_t, uint32_t, uint32_t) { return false; }

    bool u8(uint8_t& out) {
      out = *p++;
      return true;
    }
    bool peek(uint8_t& out) const {
      out = *p;
      return true;
    }
    void skip_byte() { ++p; }
    bool u32(uint32_t& out) {
      uint32_t r = *p++;
      if (r >= 0x80) [[unlikely]] {
        r &= 0x7F;
        for (unsigned shift = 7;; shift += 7) {
          const uint8_t b = *p++;
          r |= static_cast<uint32_t>(b & 0x7F) << shift;
          if (!(b & 0x80)) break;
        }
      }
      out = r;
      return true;
    }
    bool s32(int32_t& out) {
      out = static_cast<int32_t>(sleb());
      return true;
    }
    bool s33(int64_t& out) {
      out = sleb();
      return true;
    }
    bool s64(int64_t& out) {
      out = sleb();
      return true;
    }
    bool fixed_u32(uint32_t& out) {
      std::memcpy(&out, p, 4);  // little-endian host
      p += 4;
      return true;
    }
    bool fixed_u64(uint64_t& out) {
      std::memcpy(&out, p, 8);
      p += 8;
      return true;
    }
    bool bytes16(uint8_t* out) {
      std::memcpy(out, p, 16);
      p += 16;
      return true;
    }
    int64_t sleb() {
      uint64_t r = 0;
      unsigned shift = 0;
      uint8_t b;
      do {
        b = *p++;
        r |= static_cast<uint64_t>(b & 0x7F) << shift;
        shift += 7;
      } while ((b & 0x80) && shift < 64);
      if (shift < 64 && (b & 0x40)) r |= ~uint64_t{0} << shift;
      return static_cast<int64_t>(r);
    }
  };

  const uint8_t* begin_;
  const uint8_t* p_;
  const uint8_t* end_;
  uint32_t base_;
  std::vector<uint32_t> targets_;
};

}  // namespace stratus::exec
