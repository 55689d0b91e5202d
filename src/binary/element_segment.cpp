#include "binary/element_segment.hpp"

#include <algorithm>
#include <string>

#include "binary/decode_sections.hpp"

namespace stratus::binary {

Result<ElementSegment> element_segment(const Module& module, uint32_t index) {
  if (index >= module.element_segments.size())
    return Reader({}).error_at(0, "element segment " + std::to_string(index) + " does not exist");
  const uint32_t start = module.element_segments[index];
  if (start >= module.bytes.size()) return Reader({}).error_at(start, "element segment lies outside the module's bytes");
  Reader r(std::span<const uint8_t>(module.bytes).subspan(start), start);
  return detail::read_element_header(r, index);
}

const InvalidElemItem* invalid_elem_item(const Module& module, uint32_t index) {
  const auto& items = module.invalid_elem_items;
  auto it = std::lower_bound(items.begin(), items.end(), index,
                             [](const InvalidElemItem& item, uint32_t segment) { return item.segment < segment; });
  return it != items.end() && it->segment == index ? &*it : nullptr;
}

}  // namespace stratus::binary
