#include "validate/messages.hpp"

#include <cstdio>

namespace stratus::validate {

std::string at_offset(uint32_t offset, std::string_view reason) {
  char prefix[32];
  std::snprintf(prefix, sizeof prefix, "at offset 0x%x: ", offset);
  std::string out(prefix);
  out.append(reason);
  return out;
}

std::string unknown(std::string_view what, uint64_t index) {
  std::string out("unknown ");
  out.append(what);
  out.push_back(' ');
  out.append(std::to_string(index));
  return out;
}

std::string_view type_name(uint8_t type_byte) {
  // 0 is the validator's type of a value popped from a polymorphic stack.
  return type_byte == 0 ? "unknown" : to_string(static_cast<ValType>(type_byte));
}

}  // namespace stratus::validate
