#include "text/component/scope.hpp"

#include <string>

#include "text/binary_writer.hpp"
#include "text/literals.hpp"

namespace stratus::text::component {

void write_sort(BinaryWriter& w, Sort s) {
  if (binary::is_core(s)) {
    w.byte(0x00);
    w.byte(binary::core_sort_byte(s));
    return;
  }
  w.byte(binary::component_sort_byte(s));
}

std::optional<Sort> sort_of(std::string_view word, bool core) {
  if (core) {
    if (word == "func") return Sort::CoreFunc;
    if (word == "table") return Sort::CoreTable;
    if (word == "memory") return Sort::CoreMemory;
    if (word == "global") return Sort::CoreGlobal;
    if (word == "tag") return Sort::CoreTag;
    if (word == "type") return Sort::CoreType;
    if (word == "module") return Sort::CoreModule;
    if (word == "instance") return Sort::CoreInstance;
    return std::nullopt;
  }
  if (word == "func") return Sort::Func;
  if (word == "value") return Sort::Value;
  if (word == "type") return Sort::Type;
  if (word == "component") return Sort::Component;
  if (word == "instance") return Sort::Instance;
  return std::nullopt;
}

uint32_t Scope::define(Sort sort, const Token* id) {
  Space& space = spaces_[static_cast<size_t>(sort)];
  const uint32_t index = space.count++;
  if (id) {
    if (!space.ids.emplace(id->name, index).second) fail(id->where, "duplicate identifier " + std::string(id->text));
    space.names.emplace_back(index, id->name);
  }
  return index;
}

std::optional<uint32_t> Scope::find(Sort sort, std::string_view name) const {
  const Space& space = spaces_[static_cast<size_t>(sort)];
  const auto it = space.ids.find(name);
  if (it == space.ids.end()) return std::nullopt;
  return it->second;
}

uint32_t Scope::index(Cursor& c, Sort sort) {
  const bool outer_sort =
      sort == Sort::Type || sort == Sort::CoreType || sort == Sort::CoreModule || sort == Sort::Component;
  if (!c.at_id() || !outer_sort || find(sort, c.peek().name)) return own_index(c, sort);
  const Token& id = c.peek();
  uint32_t count = 1;
  for (const Scope* s = outer_; s; s = s->outer_, ++count) {
    if (auto found = s->find(sort, id.name)) {
      c.next();
      BinaryWriter w;
      if (declarations_) w.byte(0x02);
      write_sort(w, sort);
      w.byte(0x02);
      w.u32(count);
      w.u32(*found);
      defer_alias(std::move(w.bytes()));
      return define(sort, nullptr);
    }
  }
  return own_index(c, sort);
}

uint32_t Scope::own_index(Cursor& c, Sort sort) const {
  if (c.at_id()) {
    const Token& id = c.next();
    if (auto found = find(sort, id.name)) return *found;
    fail(id.where, "unknown identifier " + std::string(id.text));
  }
  if (!c.at(TokenKind::Atom)) c.unexpected("an index");
  const Token& t = c.next();
  const auto n = parse_unsigned(t.text, UINT32_MAX);
  if (!n) fail(t.where, "malformed index " + std::string(t.text.substr(0, 40)));
  return *n;
}

}  // namespace stratus::text::component
