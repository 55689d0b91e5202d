// Tiny helpers for writing module bytes by hand in tests.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace stratus::binary::test {

using Bytes = std::vector<uint8_t>;

inline Bytes uleb(uint64_t value) {
  Bytes out;
  do {
    uint8_t byte = value & 0x7F;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out.push_back(byte);
  } while (value != 0);
  return out;
}

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

inline Bytes str(std::string_view s) {
  Bytes out = uleb(s.size());
  out.insert(out.end(), s.begin(), s.end());
  return out;
}

inline Bytes section(uint8_t id, const Bytes& content) {
  return cat({Bytes{id}, uleb(content.size()), content});
}

inline Bytes module(std::initializer_list<Bytes> sections) {
  Bytes out = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  for (const auto& s : sections) out.insert(out.end(), s.begin(), s.end());
  return out;
}

// Type section with one type () -> (), function section with `n` functions of it, and a code
// section holding `bodies` (each the bytes after the size, i.e. locals + instructions).
inline Bytes funcs_module(std::initializer_list<Bytes> bodies, std::initializer_list<Bytes> extra_before_code = {}) {
  Bytes funcs = uleb(bodies.size());
  for (size_t i = 0; i < bodies.size(); ++i) funcs.push_back(0);
  Bytes code = uleb(bodies.size());
  for (const auto& body : bodies) {
    Bytes entry = cat({uleb(body.size()), body});
    code.insert(code.end(), entry.begin(), entry.end());
  }
  Bytes out = module({section(1, {0x01, 0x60, 0x00, 0x00}), section(3, funcs)});
  for (const auto& s : extra_before_code) out.insert(out.end(), s.begin(), s.end());
  Bytes code_section = section(10, code);
  out.insert(out.end(), code_section.begin(), code_section.end());
  return out;
}

}  // namespace stratus::binary::test
