#include "text/custom_annotation.hpp"

#include <optional>
#include <string_view>
#include <utility>

namespace stratus::text {

namespace {

constexpr std::string_view kSectionWords =
    "type, import, func, table, memory, global, export, start, elem, datacount, code, data, first or last";

std::optional<SectionSlot> section_slot(std::string_view word) {
  static constexpr std::pair<std::string_view, SectionSlot> slots[] = {
      {"type", SectionSlot::Type},     {"import", SectionSlot::Import},       {"func", SectionSlot::Func},
      {"table", SectionSlot::Table},   {"memory", SectionSlot::Memory},       {"global", SectionSlot::Global},
      {"export", SectionSlot::Export}, {"start", SectionSlot::Start},         {"elem", SectionSlot::Elem},
      {"code", SectionSlot::Code},     {"datacount", SectionSlot::DataCount}, {"data", SectionSlot::Data},
      {"first", SectionSlot::Type},    {"last", SectionSlot::Data},
  };
  for (const auto& [name, slot] : slots)
    if (word == name) return slot;
  return std::nullopt;
}

[[noreturn]] void malformed(const Cursor& c, const std::string& what) {
  const Token& t = c.peek();
  const std::string found =
      t.kind == TokenKind::End ? "the end of input" : "'" + std::string(t.text.substr(0, 40)) + "'";
  fail(t.where, "@custom annotation: " + what + ", found " + found);
}

// `(before section)` or `(after section)`, the cursor on its '('.
uint32_t read_place(Cursor& c) {
  c.next();
  bool after = false;
  if (c.take_atom("after")) after = true;
  else if (!c.take_atom("before")) malformed(c, "malformed placement: expected 'before' or 'after'");
  const std::optional<SectionSlot> slot = c.at(TokenKind::Atom) ? section_slot(c.peek().text) : std::nullopt;
  if (!slot) malformed(c, "malformed section kind: expected " + std::string(kSectionWords));
  c.next();
  if (!c.at(TokenKind::RParen)) malformed(c, "unexpected token: expected ')' after the placement");
  c.next();
  return after ? place_after(*slot) : place_before(*slot);
}

}  // namespace

CustomSection read_custom_annotation(Cursor& c) {
  CustomSection section;
  c.next();  // `(@custom`
  if (!c.at(TokenKind::String)) malformed(c, "missing section name: expected a string");
  const Location name_at = c.where();
  section.name = string_bytes(c.next());
  if (!binary::is_valid_utf8({reinterpret_cast<const uint8_t*>(section.name.data()), section.name.size()}))
    fail(name_at, "@custom annotation: malformed UTF-8 encoding in the section name");
  if (c.at(TokenKind::LParen)) section.place = read_place(c);
  while (c.at(TokenKind::String)) section.content += string_bytes(c.next());
  if (!c.at(TokenKind::RParen)) malformed(c, "unexpected token: expected the section's data strings or ')'");
  c.next();
  return section;
}

}  // namespace stratus::text
