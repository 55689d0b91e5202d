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
  switch (static_cast<ValType>(type_byte)) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
  }
  return "unknown";
}

}  // namespace stratus::validate
