// The local declarations of a decoded function body, read from the module's bytes where they
// are: a body declaring 50,000 groups costs its FunctionBody nothing more than one declaring
// none. The decoder has checked them, so reading trusts them.
#pragma once

#include <cstdint>

#include "binary/module.hpp"

namespace stratus::binary {

class LocalDecls {
 public:
  LocalDecls(const Module& m, uint32_t defined_index)
      : p_(m.bytes.data() + m.codes[defined_index].locals_offset) {
    remaining_ = leb();
  }
  // Where reading has got to: after the last group, the body's first instruction.
  const uint8_t* position() const { return p_; }
  // The next (count, type) group, or false after the last.
  bool next(LocalDecl& out) {
    if (remaining_ == 0) return false;
    --remaining_;
    out.count = leb();
    out.type = static_cast<ValType>(*p_++);
    return true;
  }

 private:
  uint32_t leb() {
    uint32_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
      const uint8_t b = *p_++;
      v |= uint32_t{b & 0x7Fu} << shift;
      if (!(b & 0x80)) return v;
    }
  }
  const uint8_t* p_;
  uint32_t remaining_ = 0;
};

}  // namespace stratus::binary
