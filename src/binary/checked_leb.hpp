// Reading back a LEB128 u32 the decoder already checked (at most 5 bytes, not necessarily
// minimal), where a module keeps only where something starts and reads it again when asked.
#pragma once

#include <cstdint>

namespace stratus::binary {

inline uint32_t read_checked_leb_u32(const uint8_t*& p) {
  uint32_t value = 0;
  for (unsigned shift = 0;; shift += 7) {
    const uint8_t byte = *p++;
    value |= static_cast<uint32_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return value;
  }
}

}  // namespace stratus::binary
