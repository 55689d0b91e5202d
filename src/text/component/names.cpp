// The "component-name" custom section, as wasm-tools writes it: the component's name, then one
// subsection per sort that names anything, core sorts first.
#include "text/component/component_parser.hpp"

namespace stratus::text::component {

std::vector<uint8_t> component_names(const Scope& s, std::optional<std::string_view> name) {
  BinaryWriter content;
  if (name) {
    BinaryWriter w;
    w.name(*name);
    content.byte(0x00);
    content.sized(w.bytes());
  }
  for (size_t i = 0; i < kSortCount; ++i) {
    const Sort sort = static_cast<Sort>(i);
    const SortNames& names = s.names(sort);
    if (names.empty()) continue;
    BinaryWriter w;
    write_sort(w, sort);
    w.u32(names.size());
    for (const auto& [index, n] : names) {
      w.u32(index);
      w.name(n);
    }
    content.byte(0x01);
    content.sized(w.bytes());
  }
  return std::move(content.bytes());
}

}  // namespace stratus::text::component
