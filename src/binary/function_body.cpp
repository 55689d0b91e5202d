// What a FunctionBody does not store, read from the module's bytes.
#include <algorithm>

#include "binary/local_decls.hpp"
#include "binary/module.hpp"

namespace stratus::binary {

uint32_t Module::body_offset(uint32_t defined_index) const {
  LocalDecls decls(*this, defined_index);
  for (LocalDecl d; decls.next(d);) {
  }
  return static_cast<uint32_t>(decls.position() - bytes.data());
}

// The size LEB ends just before the local declarations; its earlier bytes (at most four)
// have the continuation bit set, and the byte before it (the previous body's `end`, or the
// section's count) does not.
uint32_t Module::entry_offset(uint32_t defined_index) const {
  uint32_t at = codes[defined_index].locals_offset;
  if (at == 0 || at > bytes.size()) return at;
  --at;
  for (int k = 0; k < 4 && at > 0 && (bytes[at - 1] & 0x80); ++k) --at;
  return at;
}

uint32_t Module::body_end(uint32_t defined_index) const {
  const uint32_t locals = codes[defined_index].locals_offset;
  uint64_t size = 0;
  unsigned shift = 0;
  for (uint32_t at = entry_offset(defined_index); at < locals && at < bytes.size(); ++at, shift += 7)
    size |= static_cast<uint64_t>(bytes[at] & 0x7F) << shift;
  return static_cast<uint32_t>(std::min<uint64_t>(locals + size, UINT32_MAX));
}

}  // namespace stratus::binary
