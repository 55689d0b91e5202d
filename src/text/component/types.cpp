// Value types, defined types, function, component and instance types, core types.
#include <string>

#include "text/component/component_parser.hpp"
#include "text/literals.hpp"
#include "text/module_context.hpp"

namespace stratus::text::component {

namespace {

std::optional<uint8_t> primitive(std::string_view word) {
  static constexpr std::pair<std::string_view, uint8_t> kPrimitives[] = {
      {"bool", 0x7f},    {"s8", 0x7e},   {"u8", 0x7d},     {"s16", 0x7c},           {"u16", 0x7b},     {"s32", 0x7a},
      {"u32", 0x79},     {"s64", 0x78},  {"u64", 0x77},    {"f32", 0x76},           {"float32", 0x76}, {"f64", 0x75},
      {"float64", 0x75}, {"char", 0x74}, {"string", 0x73}, {"error-context", 0x64},
  };
  for (const auto& [name, byte] : kPrimitives)
    if (name == word) return byte;
  return std::nullopt;
}

// `(param "name" t)*` then `(result t)?` (or named results, as old texts write them).
void func_type_body(Parser& p, Scope& s, BinaryWriter& w) {
  Cursor& c = p.cursor();
  BinaryWriter params;
  uint32_t n = 0;
  while (c.take_form("param")) {
    params.name(c.expect_name());
    p.value_type(s, params);
    ++n;
    c.expect_rparen();
  }
  w.u32(n);
  w.raw(params.bytes());
  if (c.take_form("result")) {
    if (c.at(TokenKind::String)) fail(c.where(), "named results are not in the component model any more");
    w.byte(0x00);
    p.value_type(s, w);
    c.expect_rparen();
  } else {
    w.byte(0x01);
    w.byte(0x00);
  }
}

void optional_value_type(Parser& p, Scope& s, BinaryWriter& w) {
  if (p.cursor().at(TokenKind::RParen)) {
    w.byte(0x00);
    return;
  }
  w.byte(0x01);
  p.value_type(s, w);
}

// A component or instance type's declarations, each in the type's own scope.
void declarations(Parser& p, Scope& outer, BinaryWriter& w, bool component_type) {
  Cursor& c = p.cursor();
  Scope s(&outer, true);
  if (s.depth() > Scope::kMaxDepth) fail(c.where(), "components and types nested too deeply (at most 100)");
  while (!c.at(TokenKind::RParen)) {
    if (c.take_form("import")) {
      if (!component_type) fail(c.where(), "an instance type has no imports");
      BinaryWriter d;
      d.byte(0x00);
      d.name(c.expect_name());
      p.extern_desc(s, d);
      c.expect_rparen();
      put(s, Section::Import, std::move(d.bytes()));
    } else if (c.take_form("export")) {
      BinaryWriter d;
      d.byte(0x00);
      d.name(c.expect_name());
      p.extern_desc(s, d);
      c.expect_rparen();
      put(s, Section::Export, std::move(d.bytes()));
    } else if (c.at_form("type") || c.at_form("alias") || (c.at_form("core") && c.at_atom("type", 2))) {
      p.field(s);
    } else {
      c.unexpected("a declaration: import, export, type, core type or alias");
    }
  }
  w.u32(s.items().size());
  for (const Item& item : s.items()) w.raw(item.bytes);
}

}  // namespace

void put(Scope& s, Section section, std::vector<uint8_t> bytes, bool deferred) {
  if (s.declarations()) {
    uint8_t prefix = 0;
    switch (section) {
      case Section::CoreType: prefix = 0x00; break;
      case Section::Type: prefix = 0x01; break;
      case Section::Alias: prefix = 0x02; break;
      case Section::Import: prefix = 0x03; break;
      case Section::Export: prefix = 0x04; break;
      default: fail({}, "internal: a component field in a type's declarations");
    }
    bytes.insert(bytes.begin(), prefix);
  }
  if (deferred) s.defer_alias(std::move(bytes));
  else s.add(section, std::move(bytes));
}

uint32_t Parser::add_type(Scope& s, std::vector<uint8_t> definition, const Token* id) {
  put(s, Section::Type, std::move(definition));
  return s.define(Sort::Type, id);
}

void Parser::value_type(Scope& s, BinaryWriter& w) {
  if (c_.at(TokenKind::Atom)) {
    if (auto byte = primitive(c_.peek().text)) {
      c_.next();
      w.byte(*byte);
      return;
    }
  }
  if (c_.at(TokenKind::LParen)) {
    w.u32(inline_type(s));
    return;
  }
  w.u32(s.index(c_, Sort::Type));
}

void Parser::type_definition(Scope& s, BinaryWriter& w) {
  if (!c_.at(TokenKind::Atom)) c_.unexpected("a type definition");
  if (type_depth_ >= kMaxTypeDepth) fail(c_.where(), "types nested too deeply (at most 1000)");
  ++type_depth_;
  struct Leave {
    uint32_t& depth;
    ~Leave() { --depth; }
  } leave{type_depth_};
  const Token& word = c_.next();
  const std::string_view k = word.text;
  if (auto byte = primitive(k)) {
    w.byte(*byte);
  } else if (k == "record") {
    BinaryWriter fields;
    uint32_t n = 0;
    while (c_.take_form("field")) {
      fields.name(c_.expect_name());
      value_type(s, fields);
      c_.expect_rparen();
      ++n;
    }
    w.byte(0x72);
    w.u32(n);
    w.raw(fields.bytes());
  } else if (k == "variant") {
    BinaryWriter cases;
    uint32_t n = 0;
    while (c_.take_form("case")) {
      take_id(c_);
      cases.name(c_.expect_name());
      if (c_.at(TokenKind::RParen)) {
        cases.byte(0x00);
      } else {
        cases.byte(0x01);
        value_type(s, cases);
      }
      if (c_.at_form("refines")) fail(c_.where(), "variant case refinements are not supported");
      cases.byte(0x00);
      c_.expect_rparen();
      ++n;
    }
    w.byte(0x71);
    w.u32(n);
    w.raw(cases.bytes());
  } else if (k == "list") {
    BinaryWriter element;
    value_type(s, element);
    if (c_.at(TokenKind::Atom)) {
      const Token& t = c_.next();
      const auto length = parse_unsigned(t.text, UINT32_MAX);
      if (!length) fail(t.where, "malformed list length " + std::string(t.text.substr(0, 40)));
      w.byte(0x67);
      w.raw(element.bytes());
      w.u32(*length);
    } else {
      w.byte(0x70);
      w.raw(element.bytes());
    }
  } else if (k == "tuple") {
    BinaryWriter types;
    uint32_t n = 0;
    for (; !c_.at(TokenKind::RParen); ++n) value_type(s, types);
    w.byte(0x6f);
    w.u32(n);
    w.raw(types.bytes());
  } else if (k == "flags" || k == "enum") {
    BinaryWriter names;
    uint32_t n = 0;
    for (; !c_.at(TokenKind::RParen); ++n) names.name(c_.expect_name());
    w.byte(k == "flags" ? 0x6e : 0x6d);
    w.u32(n);
    w.raw(names.bytes());
  } else if (k == "option") {
    w.byte(0x6b);
    value_type(s, w);
  } else if (k == "result") {
    w.byte(0x6a);
    if (c_.at(TokenKind::RParen) || c_.at_form("error")) {
      w.byte(0x00);
    } else {
      w.byte(0x01);
      value_type(s, w);
    }
    if (c_.take_form("error")) {
      w.byte(0x01);
      value_type(s, w);
      c_.expect_rparen();
    } else {
      w.byte(0x00);
    }
  } else if (k == "own" || k == "borrow") {
    w.byte(k == "own" ? 0x69 : 0x68);
    w.u32(s.index(c_, Sort::Type));
  } else if (k == "stream" || k == "future") {
    w.byte(k == "stream" ? 0x66 : 0x65);
    optional_value_type(*this, s, w);
  } else if (k == "func") {
    w.byte(c_.take_atom("async") ? 0x43 : 0x40);
    func_type_body(*this, s, w);
  } else if (k == "component" || k == "instance") {
    w.byte(k == "component" ? 0x41 : 0x42);
    declarations(*this, s, w, k == "component");
  } else if (k == "resource") {
    w.byte(0x3f);
    if (!c_.take_form("rep")) c_.unexpected("'(rep i32)'");
    w.byte(static_cast<uint8_t>(read_valtype(c_)));
    c_.expect_rparen();
    if (c_.take_form("dtor")) {
      w.byte(0x01);
      w.u32(reference(s, Sort::CoreFunc));
      c_.expect_rparen();
    } else {
      w.byte(0x00);
    }
  } else {
    fail(word.where, "unknown type " + std::string(k.substr(0, 40)));
  }
}

std::optional<uint32_t> Parser::type_reference(Scope& s, Sort sort) {
  if (!c_.at_form("type") || !c_.at(TokenKind::RParen, 3)) return std::nullopt;
  c_.next();
  c_.next();
  const uint32_t index = s.index(c_, sort);
  c_.expect_rparen();
  return index;
}

uint32_t Parser::inline_type(Scope& s) {
  c_.expect_lparen();
  BinaryWriter d;
  s.open_inline();
  type_definition(s, d);
  c_.expect_rparen();
  s.close_inline();
  return add_type(s, std::move(d.bytes()), nullptr);
}

uint32_t Parser::type_use(Scope& s, std::string_view kind) {
  if (auto index = type_reference(s, Sort::Type)) return *index;
  BinaryWriter d;
  s.open_inline();
  if (kind == "func") {
    d.byte(c_.take_atom("async") ? 0x43 : 0x40);
    func_type_body(*this, s, d);
  } else {
    d.byte(kind == "component" ? 0x41 : 0x42);
    declarations(*this, s, d, kind == "component");
  }
  s.close_inline();
  return add_type(s, std::move(d.bytes()), nullptr);
}

void Parser::core_type_definition(Scope& s, BinaryWriter& w) {
  if (c_.take_form("module")) {
    module_type(s, w);
    c_.expect_rparen();
    return;
  }
  if (!c_.take_form("func")) c_.unexpected("'(func' or '(module'");
  TextFuncType type;
  std::vector<std::optional<std::string_view>> names;
  read_params_results(c_, type, &names);
  c_.expect_rparen();
  write_core_func_type(w, type);
}

uint32_t Parser::core_module_type_use(Scope& s) {
  if (auto index = type_reference(s, Sort::CoreType)) return *index;
  BinaryWriter w;
  s.open_inline();
  module_type(s, w);
  s.close_inline();
  put(s, Section::CoreType, std::move(w.bytes()));
  return s.define(Sort::CoreType, nullptr);
}

void Parser::extern_desc(Scope& s, BinaryWriter& w, bool define) {
  c_.expect_lparen();
  const bool core = c_.take_atom("core");
  if (!c_.at(TokenKind::Atom)) c_.unexpected("an import or export kind");
  const Token& word = c_.next();
  const auto sort = sort_of(word.text, core);
  if (!sort || (core && *sort != Sort::CoreModule) || *sort == Sort::Value)
    fail(word.where, "unsupported import or export kind " + std::string(word.text.substr(0, 40)));
  const Token* id = take_id(c_);
  switch (*sort) {
    case Sort::CoreModule: {
      const uint32_t type = core_module_type_use(s);
      w.byte(0x00);
      w.byte(0x11);
      w.u32(type);
      break;
    }
    case Sort::Type:
      w.byte(0x03);
      if (c_.take_form("eq")) {
        w.byte(0x00);
        w.u32(s.index(c_, Sort::Type));
      } else if (c_.take_form("sub")) {
        c_.expect_atom("resource");
        w.byte(0x01);
      } else {
        c_.unexpected("'(eq' or '(sub resource)'");
      }
      c_.expect_rparen();
      break;
    default: {
      const uint32_t type = type_use(s, word.text);
      w.byte(*sort == Sort::Func ? 0x01 : *sort == Sort::Component ? 0x04 : 0x05);
      w.u32(type);
      break;
    }
  }
  c_.expect_rparen();
  if (define) s.define(*sort, id);
}

}  // namespace stratus::text::component
