// Just enough of the binary format to generate the benchmark modules, so their sizes
// (1 MiB of data, 10 MB of code) are parameters rather than checked-in files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stratus::bench {

using Bytes = std::vector<uint8_t>;

inline void uleb(Bytes& out, uint64_t v) {
  do {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    if (v) byte |= 0x80;
    out.push_back(byte);
  } while (v);
}

inline void sleb(Bytes& out, int64_t v) {
  for (;;) {
    const uint8_t byte = v & 0x7f;
    v >>= 7;
    const bool done = (v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40));
    out.push_back(done ? byte : (byte | 0x80));
    if (done) return;
  }
}

inline void name(Bytes& out, const std::string& s) {
  uleb(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
}

inline void section(Bytes& module, uint8_t id, const Bytes& body) {
  module.push_back(id);
  uleb(module, body.size());
  module.insert(module.end(), body.begin(), body.end());
}

inline Bytes header() { return {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}; }

// A body with no locals: `code` followed by `end`.
inline Bytes body(const Bytes& code) {
  Bytes b{0x00};
  b.insert(b.end(), code.begin(), code.end());
  b.push_back(0x0b);
  Bytes sized;
  uleb(sized, b.size());
  sized.insert(sized.end(), b.begin(), b.end());
  return sized;
}

}  // namespace stratus::bench
