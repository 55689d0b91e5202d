// `(@custom "name" place? "data"*)`, the annotations proposal's text for a custom section: its
// name, its bytes, and where among the known sections it goes.
#pragma once

#include <cstdint>
#include <string>

#include "text/cursor.hpp"

namespace stratus::text {

// The known sections in the order a binary has them, as a placement names them.
enum class SectionSlot : uint8_t {
  Type,
  Import,
  Func,
  Table,
  Memory,
  Global,
  Export,
  Start,
  Elem,
  DataCount,
  Code,
  Data
};

// A placement as a number that sorts as the binary does: before a section, then after it.
constexpr uint32_t place_before(SectionSlot slot) { return 2 * static_cast<uint32_t>(slot); }
constexpr uint32_t place_after(SectionSlot slot) { return 2 * static_cast<uint32_t>(slot) + 1; }

struct CustomSection {
  std::string name;
  std::string content;
  uint32_t place = place_after(SectionSlot::Data);  // `(after last)` when none is written
};

// The annotation from its `(@custom` token through its ')'. `(before first)` is before the
// type section, `(after last)` after the data section; a section that the module does not
// have still has its place, between its neighbours (as the reference interpreter places it).
CustomSection read_custom_annotation(Cursor& c);

}  // namespace stratus::text
