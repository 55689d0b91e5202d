// Reading an element segment back from Module::bytes, where the decoder found it
// (Module::element_segments): a segment costs the module 4 bytes, however it is written.
#pragma once

#include <cstdint>

#include "binary/checked_leb.hpp"
#include "binary/module.hpp"
#include "stratus/result.hpp"

namespace stratus::binary {

// Element segment `index` up to its items, read as the decoder read it: its offset
// expression once more, not its items. An index or start a hand-built Module got wrong is a
// Malformed error, never a read outside the module.
Result<ElementSegment> element_segment(const Module& module, uint32_t index);

// The first item of segment `index` of an invalid shape, which the decoder set aside, or null.
const InvalidElemItem* invalid_elem_item(const Module& module, uint32_t index);

// The items of element segment `index` of a decoded module when it is passive, else none:
// what table.init reads (active and declarative segments are dropped once instantiation
// ends). Reads only the flags, the element kind or type and the count, which the decoder
// checked.
inline ElemItemList passive_elem_items(const Module& module, uint32_t index) {
  constexpr uint32_t kPassiveIndices = 1;
  constexpr uint32_t kPassiveExpressions = 5;
  const uint8_t* p = module.bytes.data() + module.element_segments[index];
  auto leb = [&p] { return read_checked_leb_u32(p); };
  const uint32_t flags = leb();
  if (flags != kPassiveIndices && flags != kPassiveExpressions) return {index, 0, 0, false};
  ++p;  // the element kind (0x00) or the reference type, one byte either way
  const uint32_t count = leb();
  return {index, count, static_cast<uint32_t>(p - module.bytes.data()), flags == kPassiveExpressions};
}

}  // namespace stratus::binary
