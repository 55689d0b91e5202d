// References to items: by `$id` or index, `(sort x)`, and `(sort $instance "name")`, which
// aliases an instance's export as wasm-tools does (an alias item just before the user).
#include <string>

#include "text/component/component_parser.hpp"

namespace stratus::text::component {

namespace {

std::string_view keyword(Sort sort) {
  static constexpr std::string_view kWords[kSortCount] = {
      "func",     "table", "memory", "global", "tag",       "type",     "module",
      "instance", "func",  "value",  "type",   "component", "instance",
  };
  return kWords[static_cast<size_t>(sort)];
}

// Core modules are exported by component instances; the other core sorts by core instances.
bool from_core_instance(Sort sort) { return binary::is_core(sort) && sort != Sort::CoreModule; }

}  // namespace

uint32_t Parser::alias_export(Scope& s, Sort sort, uint32_t instance, std::string_view name, const Token* id,
                              bool deferred) {
  BinaryWriter w;
  write_sort(w, sort);
  w.byte(from_core_instance(sort) ? 0x01 : 0x00);
  w.u32(instance);
  w.name(name);
  put(s, Section::Alias, std::move(w.bytes()), deferred);
  return s.define(sort, id);
}

uint32_t Parser::reference(Scope& s, Sort sort) {
  const bool form = c_.at(TokenKind::LParen);
  if (form) {
    c_.next();
    // A core item's form names `core` but for a resource's `(dtor (func $f))`.
    if (binary::is_core(sort)) c_.take_atom("core");
    c_.expect_atom(keyword(sort));
  }
  const Sort instance_sort = from_core_instance(sort) ? Sort::CoreInstance : Sort::Instance;
  uint32_t index = s.index(c_, c_.at(TokenKind::String, 1) ? instance_sort : sort);
  while (c_.at(TokenKind::String)) {
    const std::string name = c_.expect_name();
    const Sort next = c_.at(TokenKind::String) ? instance_sort : sort;
    index = alias_export(s, next, index, name, nullptr, true);
  }
  if (form) c_.expect_rparen();
  return index;
}

}  // namespace stratus::text::component
