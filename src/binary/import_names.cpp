// What an Import does not store, read from the module's bytes.
#include "binary/module.hpp"

namespace stratus::binary {

ImportNames Module::import_names(size_t index) const {
  size_t at = imports[index].names_offset;
  // A name's length (a LEB of at most 5 bytes), then its bytes; empty past the end.
  auto name = [&]() -> std::string_view {
    uint32_t length = 0;
    for (unsigned shift = 0; shift < 35; shift += 7) {
      if (at >= bytes.size()) return {};
      const uint8_t byte = bytes[at++];
      length |= static_cast<uint32_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) {
        if (length > bytes.size() - at) return {};
        const std::string_view out(reinterpret_cast<const char*>(bytes.data() + at), length);
        at += length;
        return out;
      }
    }
    return {};
  };
  ImportNames names;
  names.module = name();
  names.name = name();
  return names;
}

}  // namespace stratus::binary
