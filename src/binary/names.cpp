// The names an Import or Export does not store, read from the module's bytes.
#include "binary/module.hpp"

namespace stratus::binary {

std::string_view Module::name_at(size_t offset) const {
  size_t at = offset;
  uint32_t length = 0;
  // Its length, a LEB of at most 5 bytes, then its bytes.
  for (unsigned shift = 0; shift < 35; shift += 7) {
    if (at >= bytes.size()) return {};
    const uint8_t byte = bytes[at++];
    length |= static_cast<uint32_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      if (length > bytes.size() - at) return {};
      return {reinterpret_cast<const char*>(bytes.data() + at), length};
    }
  }
  return {};
}

ImportNames Module::import_names(size_t index) const {
  ImportNames names;
  names.module = name_at(imports[index].names_offset);
  if (names.module.data() == nullptr) return names;
  names.name = name_at(static_cast<size_t>(reinterpret_cast<const uint8_t*>(names.module.data()) - bytes.data()) +
                       names.module.size());
  return names;
}

}  // namespace stratus::binary
