// The sections of a binary in the order they appear: where a custom section sits among the
// others, which the decoded Module does not record.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "binary/module.hpp"
#include "text/printer/text_out.hpp"

namespace stratus::text::printer {

struct SectionSpan {
  uint8_t id = 0;
  uint32_t start = 0;    // the id byte
  uint32_t content = 0;  // the first byte after the size
  uint32_t end = 0;      // one past the content
};

// The sections of `bytes` (a binary the decoder accepted) after the 8-byte header; stops at
// the first section header that does not fit, so it never reads past `bytes`.
std::vector<SectionSpan> section_spans(std::span<const uint8_t> bytes);

// The keyword a custom section's placement names a section by (`type`, `code`, ...), or
// empty for a custom section or an unknown id.
std::string_view section_keyword(uint8_t id);

// Every custom section but "name" (which the printer writes as $ids) as a line
// `(@custom "name" (after sec) "bytes")`, placed after the section it follows (`(before
// first)` when it comes before every other section).
void print_custom_sections(TextOut& out, const binary::Module& module);

}  // namespace stratus::text::printer
