#include "text/printer/sections.hpp"

#include "binary/reader.hpp"

namespace stratus::text::printer {

std::vector<SectionSpan> section_spans(std::span<const uint8_t> bytes) {
  std::vector<SectionSpan> spans;
  constexpr size_t kHeader = 8;
  if (bytes.size() < kHeader) return spans;
  binary::Reader r(bytes.subspan(kHeader), kHeader);
  while (!r.at_end()) {
    SectionSpan s;
    s.start = r.offset();
    auto id = r.u8();
    if (!id) break;
    auto size = r.u32();
    if (!size || *size > r.remaining()) break;
    s.id = *id;
    s.content = r.offset();
    s.end = s.content + *size;
    r.skip(*size);
    spans.push_back(s);
  }
  return spans;
}

std::string_view section_keyword(uint8_t id) {
  static constexpr std::string_view kKeywords[] = {"",       "type",  "import", "func", "table", "memory",   "global",
                                                   "export", "start", "elem",   "code", "data",  "datacount"};
  return id < std::size(kKeywords) ? kKeywords[id] : std::string_view();
}

void print_custom_sections(TextOut& out, const binary::Module& module) {
  constexpr uint8_t kCustom = 0;
  std::string_view after;
  for (const SectionSpan& s : section_spans(module.bytes)) {
    if (s.id != kCustom) {
      after = section_keyword(s.id);
      continue;
    }
    binary::Reader r(std::span<const uint8_t>(module.bytes).subspan(s.content, s.end - s.content), s.content);
    auto name = r.name();
    if (!name || *name == "name") continue;
    out.line(1);
    out << "(@custom ";
    out.string(*name);
    if (after.empty()) out << " (before first) ";
    else out << " (after " << after << ") ";
    out.string(r.rest());
    out << ')';
    if (out.over_limit()) return;
  }
}

}  // namespace stratus::text::printer
