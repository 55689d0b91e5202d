// Decoding of value types from their one-byte binary form.
#pragma once

#include <cstdint>

#include "stratus/types.hpp"

namespace stratus::binary {

// ValType's enumerators are the binary encodings, so a check is all the decoding there is.
inline bool decode_valtype(uint8_t byte, ValType& out) {
  switch (byte) {
    case 0x7F: case 0x7E: case 0x7D: case 0x7C: case 0x7B: case 0x70: case 0x6F:
      out = static_cast<ValType>(byte);
      return true;
    default:
      return false;
  }
}

inline bool decode_reftype(uint8_t byte, ValType& out) {
  if (byte != 0x70 && byte != 0x6F) return false;
  out = static_cast<ValType>(byte);
  return true;
}

}  // namespace stratus::binary
