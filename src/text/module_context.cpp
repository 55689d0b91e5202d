#include "text/module_context.hpp"

#include <algorithm>

#include "text/literals.hpp"

namespace stratus::text {

std::string_view space_name(Space space) {
  switch (space) {
    case Space::Func: return "function";
    case Space::Table: return "table";
    case Space::Memory: return "memory";
    case Space::Global: return "global";
    case Space::Elem: return "elem segment";
    case Space::Data: return "data segment";
    case Space::Type: return "type";
    case Space::Count_: break;
  }
  return "?";
}

std::optional<ValType> valtype_keyword(std::string_view word) {
  if (word == "i32") return ValType::I32;
  if (word == "i64") return ValType::I64;
  if (word == "f32") return ValType::F32;
  if (word == "f64") return ValType::F64;
  if (word == "v128") return ValType::V128;
  if (word == "funcref") return ValType::FuncRef;
  if (word == "externref") return ValType::ExternRef;
  return std::nullopt;
}

bool at_reftype(const Cursor& c) { return c.at_atom("funcref") || c.at_atom("externref") || c.at_form("ref"); }

ValType read_valtype(Cursor& c) {
  if (c.at_form("ref")) return read_reftype(c);
  if (c.at(TokenKind::Atom))
    if (auto t = valtype_keyword(c.peek().text)) {
      c.next();
      return *t;
    }
  c.unexpected("a value type");
}

// `funcref`, `externref`, or their long forms `(ref null func)`, `(ref null extern)`; the
// non-null references of typed function references are not in the language the engine takes.
ValType read_reftype(Cursor& c) {
  if (c.take_atom("funcref")) return ValType::FuncRef;
  if (c.take_atom("externref")) return ValType::ExternRef;
  if (c.take_form("ref")) {
    if (!c.take_atom("null")) c.unexpected("'null' (non-null references are not supported)");
    ValType t;
    if (c.take_atom("func")) t = ValType::FuncRef;
    else if (c.take_atom("extern")) t = ValType::ExternRef;
    else c.unexpected("'func' or 'extern'");
    c.expect_rparen();
    return t;
  }
  c.unexpected("a reference type");
}

void read_params_results(Cursor& c, TextFuncType& type, std::vector<std::optional<std::string_view>>* names) {
  while (c.at_form("param")) {
    c.next();
    c.next();
    if (c.at_id()) {
      if (names == nullptr) fail(c.where(), "unexpected token: a parameter here cannot be named");
      names->push_back(c.next().name);
      type.params.push_back(read_valtype(c));
    } else {
      while (!c.at(TokenKind::RParen)) {
        type.params.push_back(read_valtype(c));
        if (names) names->push_back(std::nullopt);
      }
    }
    c.expect_rparen();
  }
  while (c.at_form("result")) {
    c.next();
    c.next();
    while (!c.at(TokenKind::RParen)) type.results.push_back(read_valtype(c));
    c.expect_rparen();
  }
}

void ModuleContext::declare(Space space, const Token* id, bool is_import, Location where) {
  IndexSpace& s = spaces_[static_cast<size_t>(space)];
  // Imports come first in every index space, and the text states them all before any
  // definition of a function, table, memory or global.
  const bool is_definition =
      space == Space::Func || space == Space::Table || space == Space::Memory || space == Space::Global;
  if (is_import && first_definition_) fail(where, "import after " + std::string(space_name(*first_definition_)));
  if (!is_import && is_definition && !first_definition_) first_definition_ = space;
  if (id && !s.names.emplace(id->name, s.count).second)
    fail(id->where, "duplicate " + std::string(space_name(space)) + " " + std::string(id->text));
  ++s.count;
}

void ModuleContext::declare_type(Cursor& c, const Token* id) {
  c.expect_lparen();
  c.expect_atom("func");
  if (c.at_id()) c.next();
  TextFuncType type;
  std::vector<std::optional<std::string_view>> names;
  read_params_results(c, type, &names);
  c.expect_rparen();
  declare(Space::Type, id, false, c.where());
  types_.push_back(std::move(type));
}

void ModuleContext::declare_fields(Cursor& c) {
  const size_t start = c.position();
  while (c.at_open()) {
    if (c.at(TokenKind::CustomAnnotation)) {
      c.skip_form();
      continue;
    }
    const size_t field = c.position();
    const Location where = c.where();
    c.next();
    if (!c.at(TokenKind::Atom)) c.unexpected("a module field");
    const std::string_view kind = c.next().text;
    const Token* id = c.at_id() ? &c.next() : nullptr;
    if (kind == "type") {
      declare_type(c, id);
    } else if (kind == "import") {
      // (import "m" "n" (func $id ...)): the id is inside the description.
      c.expect_string();
      c.expect_string();
      c.expect_lparen();
      if (!c.at(TokenKind::Atom)) c.unexpected("an import description");
      const std::string_view desc = c.next().text;
      const Token* desc_id = c.at_id() ? &c.next() : nullptr;
      Space space;
      if (desc == "func") space = Space::Func;
      else if (desc == "table") space = Space::Table;
      else if (desc == "memory") space = Space::Memory;
      else if (desc == "global") space = Space::Global;
      else fail(where, "unexpected token '" + std::string(desc) + "', expected an import description");
      declare(space, desc_id, true, where);
    } else if (kind == "func" || kind == "table" || kind == "memory" || kind == "global") {
      const Space space = kind == "func"     ? Space::Func
                          : kind == "table"  ? Space::Table
                          : kind == "memory" ? Space::Memory
                                             : Space::Global;
      bool is_import = false;
      while (c.at_form("export") || c.at_form("import")) {
        if (c.at_form("import")) is_import = true;
        c.skip_form();
      }
      bool inline_segment = false;
      while (!c.at(TokenKind::RParen) && !c.at(TokenKind::End)) {
        if ((space == Space::Table && c.at_form("elem")) || (space == Space::Memory && c.at_form("data")))
          inline_segment = true;
        c.skip_form();
      }
      declare(space, id, is_import, where);
      if (inline_segment) declare(space == Space::Table ? Space::Elem : Space::Data, nullptr, false, where);
    } else if (kind == "elem") {
      declare(Space::Elem, id, false, where);
    } else if (kind == "data") {
      declare(Space::Data, id, false, where);
    } else if (kind != "export" && kind != "start") {
      fail(where, "unexpected token '" + std::string(kind) + "', expected a module field");
    }
    c.seek(field);
    c.skip_form();
  }
  c.seek(start);
}

std::vector<std::pair<uint32_t, std::string_view>> ModuleContext::names(Space space) const {
  const IndexSpace& s = spaces_[static_cast<size_t>(space)];
  std::vector<std::pair<uint32_t, std::string_view>> by_index;
  by_index.reserve(s.names.size());
  for (const auto& [name, index] : s.names) by_index.emplace_back(index, name);
  std::sort(by_index.begin(), by_index.end());
  return by_index;
}

bool ModuleContext::at_index(const Cursor& c) const {
  if (c.at_id()) return true;
  return c.at(TokenKind::Atom) && !c.peek().text.empty() && c.peek().text[0] >= '0' && c.peek().text[0] <= '9';
}

uint32_t ModuleContext::index(Cursor& c, Space space) const {
  if (c.at_id()) {
    const Token& t = c.next();
    const IndexSpace& s = spaces_[static_cast<size_t>(space)];
    auto it = s.names.find(t.name);
    if (it == s.names.end()) fail(t.where, "unknown " + std::string(space_name(space)) + " " + std::string(t.text));
    return it->second;
  }
  if (c.at(TokenKind::Atom)) {
    if (auto n = parse_unsigned(c.peek().text, UINT32_MAX)) {
      c.next();
      return static_cast<uint32_t>(*n);
    }
  }
  c.unexpected("a " + std::string(space_name(space)) + " index");
}

TypeUse ModuleContext::read_type_use(Cursor& c, bool named_params) const {
  TypeUse use;
  use.where = c.where();
  if (c.take_form("type")) {
    use.index = index(c, Space::Type);
    c.expect_rparen();
  }
  const size_t before = c.position();
  read_params_results(c, use.inline_type, named_params ? &use.param_names : nullptr);
  use.has_inline = c.position() != before;
  return use;
}

uint32_t ModuleContext::resolve(const TypeUse& use) {
  if (use.index) {
    if (use.has_inline) {
      const TextFuncType* t = type(*use.index);
      if (t == nullptr) fail(use.where, "unknown type");
      if (!(*t == use.inline_type)) fail(use.where, "inline function type does not match the type it names");
    }
    return *use.index;
  }
  for (size_t i = 0; i < types_.size(); ++i)
    if (types_[i] == use.inline_type) return static_cast<uint32_t>(i);
  types_.push_back(use.inline_type);
  return static_cast<uint32_t>(types_.size() - 1);
}

}  // namespace stratus::text
