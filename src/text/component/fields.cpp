// A component's fields, and the component as a whole: its sections and names.
#include <string>

#include "text/component/component_parser.hpp"
#include "text/literals.hpp"
#include "text/module_parser.hpp"

namespace stratus::text::component {

namespace {

uint32_t parse_outer_count(const Token& t) {
  const auto n = t.kind == TokenKind::Atom ? parse_unsigned(t.text, UINT32_MAX) : std::nullopt;
  if (!n) fail(t.where, "malformed outer count " + std::string(t.text.substr(0, 40)));
  return static_cast<uint32_t>(*n);
}

// `(export "name")` forms after an item's id: the names it is exported as.
std::vector<std::string> inline_export_names(Cursor& c) {
  std::vector<std::string> names;
  while (c.at_form("export") && c.at(TokenKind::String, 2) && c.at(TokenKind::RParen, 3)) {
    c.next();
    c.next();
    names.push_back(c.expect_name());
    c.expect_rparen();
  }
  return names;
}

void export_inline(Scope& s, std::vector<std::string> names, Sort sort, uint32_t index) {
  for (std::string& name : names) s.inline_exports.push_back({std::move(name), sort, index});
}

// The sort a `(sort ...)` reference at the cursor names (`(core func ...)`, `(instance ...)`),
// left unread.
Sort peek_sort(Cursor& c, bool core_default) {
  if (!c.at(TokenKind::LParen)) c.unexpected("'('");
  size_t at = 1;
  bool core = core_default;
  if (c.at_atom("core", 1)) {
    core = true;
    at = 2;
  }
  const Token& word = c.peek(at);
  const auto sort = word.kind == TokenKind::Atom ? sort_of(word.text, core) : std::nullopt;
  if (!sort) fail(word.where, "unexpected token '" + std::string(word.text.substr(0, 40)) + "', expected a sort");
  return *sort;
}

// `(import "name")` alone after an item's id and exports: the item is imported (a core
// module's own imports name two).
bool at_inline_import(Cursor& c) {
  return c.at_form("import") && c.at(TokenKind::String, 2) && c.at(TokenKind::RParen, 3);
}

// The import an inline `(import "name")` and the type use after it make: the item's index.
uint32_t inline_import(Parser& p, Scope& s, Sort sort, const Token* id) {
  Cursor& c = p.cursor();
  c.next();
  c.next();
  BinaryWriter w;
  w.byte(0x00);
  w.name(c.expect_name());
  c.expect_rparen();
  uint32_t type = 0;
  switch (sort) {
    case Sort::CoreModule: type = p.core_module_type_use(s); break;
    case Sort::Func: type = p.type_use(s, "func"); break;
    case Sort::Component: type = p.type_use(s, "component"); break;
    default: type = p.type_use(s, "instance"); break;
  }
  write_sort(w, sort);
  w.u32(type);
  put(s, Section::Import, std::move(w.bytes()));
  return s.define(sort, id);
}

// `(with "name" (instance x))` or `(with "name" (instance (export ...)*))` (a bundle the parse
// writes as an instance first), for core or component instantiation.
bool at_bundle(Cursor& c) {
  return c.at(TokenKind::LParen) && c.at_atom("instance", 1) && !c.at(TokenKind::Id, 2) && !c.at(TokenKind::Atom, 2);
}

// An instance of `(export "name" (sort x))*`: a core instance (core sorts, plain names) or a
// component instance (names behind 0x00, as export names are written).
uint32_t bundle(Parser& p, Scope& s, const Token* id, bool core) {
  Cursor& c = p.cursor();
  BinaryWriter exports;
  uint32_t n = 0;
  for (; c.take_form("export"); ++n) {
    if (!core) exports.byte(0x00);
    exports.name(c.expect_name());
    const Sort sort = peek_sort(c, core);
    const uint32_t index = p.reference(s, sort);
    if (core) exports.byte(binary::core_sort_byte(sort));
    else write_sort(exports, sort);
    exports.u32(index);
    c.expect_rparen();
  }
  BinaryWriter w;
  w.byte(0x01);
  w.u32(n);
  w.raw(exports.bytes());
  put(s, core ? Section::CoreInstance : Section::Instance, std::move(w.bytes()));
  return s.define(core ? Sort::CoreInstance : Sort::Instance, id);
}

void core_instance(Parser& p, Scope& s, const Token* id) {
  Cursor& c = p.cursor();
  if (!c.take_form("instantiate")) {
    bundle(p, s, id, true);
    return;
  }
  const uint32_t module = p.reference(s, Sort::CoreModule);
  BinaryWriter args;
  uint32_t n = 0;
  for (; c.take_form("with"); ++n) {
    const std::string name = c.expect_name();
    uint32_t instance = 0;
    if (at_bundle(c)) {
      c.next();
      c.next();
      instance = bundle(p, s, nullptr, true);
      c.expect_rparen();
    } else {
      instance = p.reference(s, Sort::CoreInstance);
    }
    args.name(name);
    args.byte(0x12);
    args.u32(instance);
    c.expect_rparen();
  }
  c.expect_rparen();
  BinaryWriter w;
  w.byte(0x00);
  w.u32(module);
  w.u32(n);
  w.raw(args.bytes());
  put(s, Section::CoreInstance, std::move(w.bytes()));
  s.define(Sort::CoreInstance, id);
}

uint32_t instance(Parser& p, Scope& s, const Token* id) {
  Cursor& c = p.cursor();
  if (at_inline_import(c)) return inline_import(p, s, Sort::Instance, id);
  if (!c.take_form("instantiate")) return bundle(p, s, id, false);
  const uint32_t component = p.reference(s, Sort::Component);
  BinaryWriter args;
  uint32_t n = 0;
  for (; c.take_form("with"); ++n) {
    args.name(c.expect_name());
    if (at_bundle(c)) {
      c.next();
      c.next();
      const uint32_t index = bundle(p, s, nullptr, false);
      c.expect_rparen();
      write_sort(args, Sort::Instance);
      args.u32(index);
    } else {
      const Sort sort = peek_sort(c, false);
      const uint32_t index = p.reference(s, sort);
      write_sort(args, sort);
      args.u32(index);
    }
    c.expect_rparen();
  }
  c.expect_rparen();
  BinaryWriter w;
  w.byte(0x00);
  w.u32(component);
  w.u32(n);
  w.raw(args.bytes());
  put(s, Section::Instance, std::move(w.bytes()));
  return s.define(Sort::Instance, id);
}

// `(alias export $i "name" (sort $id?))`, `(alias core export ...)`, `(alias outer ct x (sort $id?))`,
// after `(alias`.
void alias(Parser& p, Scope& s) {
  Cursor& c = p.cursor();
  if (c.take_atom("outer")) {
    uint32_t count = 0;
    const Scope* target = &s;
    if (c.at_id()) {
      const Token& ct = c.next();
      while (target && target->name != ct.name) {
        target = target->outer();
        ++count;
      }
      if (!target) fail(ct.where, "unknown outer component " + std::string(ct.text));
    } else {
      // A count beyond the outermost component is the validator's to refuse, as wasm-tools
      // leaves it; only a name needs the component it counts to.
      const Token& ct = c.next();
      const uint32_t n = parse_outer_count(ct);
      for (; target && count < n; ++count) target = target->outer();
      count = n;
    }
    const size_t index_at = c.position();
    c.skip_form();
    const Sort sort = peek_sort(c, false);
    const size_t after = c.position();
    c.seek(index_at);
    if (!target && c.at_id()) fail(c.where(), "the outer count is beyond the outermost component");
    const uint32_t index = target ? target->own_index(c, sort) : Scope(nullptr, false).own_index(c, sort);
    c.seek(after);
    c.expect_lparen();
    c.take_atom("core");
    c.next();
    const Token* id = take_id(c);
    c.expect_rparen();
    BinaryWriter w;
    write_sort(w, sort);
    w.byte(0x02);
    w.u32(count);
    w.u32(index);
    put(s, Section::Alias, std::move(w.bytes()));
    s.define(sort, id);
    return;
  }
  const bool core = c.take_atom("core");
  c.expect_atom("export");
  const uint32_t instance = s.index(c, core ? Sort::CoreInstance : Sort::Instance);
  const std::string name = c.expect_name();
  const Sort sort = peek_sort(c, core);
  c.expect_lparen();
  c.take_atom("core");
  c.next();
  const Token* id = take_id(c);
  c.expect_rparen();
  p.alias_export(s, sort, instance, name, id);
}

}  // namespace

void Parser::field(Scope& s) {
  c_.expect_lparen();
  if (!c_.at(TokenKind::Atom)) c_.unexpected("a component field");
  const Token& word = c_.next();
  const std::string_view k = word.text;
  if (k == "core") {
    if (!c_.at(TokenKind::Atom)) c_.unexpected("a core field");
    const Token& core_word = c_.next();
    const std::string_view ck = core_word.text;
    const Token* id = take_id(c_);
    if (ck == "module") {
      std::vector<std::string> exports = inline_export_names(c_);
      if (at_inline_import(c_)) {
        export_inline(s, std::move(exports), Sort::CoreModule, inline_import(*this, s, Sort::CoreModule, id));
        c_.expect_rparen();
        return;
      }
      WatOptions options = options_;
      options.debug_names = true;
      std::optional<std::string_view> name;
      if (id) name = id->name;
      put(s, Section::CoreModule, encode_module_fields(c_, options, name, NameStyle::WasmTools));
      export_inline(s, std::move(exports), Sort::CoreModule, s.define(Sort::CoreModule, id));
    } else if (ck == "instance") {
      core_instance(*this, s, id);
    } else if (ck == "type") {
      BinaryWriter w;
      core_type_definition(s, w);
      s.flush_aliases();
      put(s, Section::CoreType, std::move(w.bytes()));
      s.define(Sort::CoreType, id);
    } else if (ck == "func") {
      if (c_.take_form("alias")) {
        c_.expect_atom("core");
        c_.expect_atom("export");
        const uint32_t inst = s.index(c_, Sort::CoreInstance);
        const std::string name = c_.expect_name();
        c_.expect_rparen();
        alias_export(s, Sort::CoreFunc, inst, name, id);
      } else {
        if (!c_.take_form("canon")) c_.unexpected("'(canon' or '(alias'");
        BinaryWriter w;
        canon(s, w, std::nullopt);
        c_.expect_rparen();
        put(s, Section::Canon, std::move(w.bytes()));
        s.define(Sort::CoreFunc, id);
      }
    } else {
      fail(core_word.where, "unknown core field " + std::string(ck.substr(0, 40)));
    }
  } else if (k == "component") {
    const Token* id = take_id(c_);
    std::vector<std::string> exports = inline_export_names(c_);
    std::optional<std::string_view> name;
    if (id) name = id->name;
    if (at_inline_import(c_)) {
      export_inline(s, std::move(exports), Sort::Component, inline_import(*this, s, Sort::Component, id));
      c_.expect_rparen();
      return;
    }
    put(s, Section::Component, encode_component_fields(c_, options_, &s, name));
    export_inline(s, std::move(exports), Sort::Component, s.define(Sort::Component, id));
  } else if (k == "instance") {
    const Token* id = take_id(c_);
    std::vector<std::string> exports = inline_export_names(c_);
    export_inline(s, std::move(exports), Sort::Instance, instance(*this, s, id));
  } else if (k == "type") {
    const Token* id = take_id(c_);
    std::vector<std::string> exports = inline_export_names(c_);
    BinaryWriter w;
    // `(type $t u8)`: a primitive is written without parentheses.
    const bool form = c_.at(TokenKind::LParen);
    if (form) c_.next();
    type_definition(s, w);
    if (form) c_.expect_rparen();
    s.flush_aliases();
    export_inline(s, std::move(exports), Sort::Type, add_type(s, std::move(w.bytes()), id));
  } else if (k == "func") {
    const Token* id = take_id(c_);
    std::vector<std::string> exports = inline_export_names(c_);
    uint32_t index = 0;
    if (at_inline_import(c_)) {
      index = inline_import(*this, s, Sort::Func, id);
    } else if (c_.take_form("alias")) {
      c_.expect_atom("export");
      const uint32_t inst = s.index(c_, Sort::Instance);
      const std::string name = c_.expect_name();
      c_.expect_rparen();
      index = alias_export(s, Sort::Func, inst, name, id);
    } else {
      const uint32_t type = type_use(s, "func");
      if (!c_.take_form("canon")) c_.unexpected("'(canon lift'");
      BinaryWriter w;
      if (canon(s, w, type) != Sort::Func) fail(word.where, "a component function is a lifted one");
      c_.expect_rparen();
      put(s, Section::Canon, std::move(w.bytes()));
      index = s.define(Sort::Func, id);
    }
    export_inline(s, std::move(exports), Sort::Func, index);
  } else if (k == "import") {
    BinaryWriter w;
    w.byte(0x00);
    w.name(c_.expect_name());
    extern_desc(s, w);
    put(s, Section::Import, std::move(w.bytes()));
  } else if (k == "export") {
    const Token* id = take_id(c_);
    BinaryWriter w;
    w.byte(0x00);
    w.name(c_.expect_name());
    const Sort sort = peek_sort(c_, false);
    const uint32_t index = reference(s, sort);
    write_sort(w, sort);
    w.u32(index);
    if (c_.at(TokenKind::RParen)) {
      w.byte(0x00);
    } else {
      w.byte(0x01);
      extern_desc(s, w, false);
    }
    put(s, Section::Export, std::move(w.bytes()));
    s.define(sort, id);
  } else if (k == "alias") {
    alias(*this, s);
  } else if (k == "canon") {
    // `(canon lower ... (core func $id?))`, `(canon lift ... (func $id? (type x)))`.
    BinaryWriter w;
    const Token* id = nullptr;
    const Sort sort = canon(s, w, std::nullopt, &id);
    put(s, Section::Canon, std::move(w.bytes()));
    s.define(sort, id);
  } else {
    fail(word.where, "unknown component field " + std::string(k.substr(0, 40)));
  }
  c_.expect_rparen();
}

std::vector<uint8_t> encode_component_fields(Cursor& c, const WatOptions& options, Scope* outer,
                                             std::optional<std::string_view> name) {
  Scope s(outer, false);
  if (s.depth() > Scope::kMaxDepth) fail(c.where(), "components and types nested too deeply (at most 100)");
  s.name = name;
  Parser p(c, options);
  while (!c.at(TokenKind::RParen) && !c.at(TokenKind::End)) p.field(s);
  for (const InlineExport& e : s.inline_exports) {
    BinaryWriter w;
    w.byte(0x00);
    w.name(e.name);
    write_sort(w, e.sort);
    w.u32(e.index);
    w.byte(0x00);
    put(s, Section::Export, std::move(w.bytes()));
    s.define(e.sort, nullptr);
  }
  BinaryWriter out;
  out.raw(std::string_view("\0asm\x0d\0\x01\0", 8));
  const std::vector<Item>& items = s.items();
  for (size_t i = 0; i < items.size();) {
    const Section section = items[i].section;
    if (section == Section::CoreModule || section == Section::Component) {
      out.byte(static_cast<uint8_t>(section));
      out.sized(items[i].bytes);
      ++i;
      continue;
    }
    BinaryWriter content;
    uint32_t n = 0;
    for (; i < items.size() && items[i].section == section; ++i, ++n) content.raw(items[i].bytes);
    out.section(static_cast<uint8_t>(section), n, content.bytes());
  }
  const std::vector<uint8_t> names = component_names(s, name);
  if (!names.empty()) out.custom_section("component-name", names);
  return std::move(out.bytes());
}

std::vector<uint8_t> encode_component(Cursor& c, const WatOptions& options) {
  if (!c.take_form("component")) c.unexpected("'(component'");
  std::optional<std::string_view> name;
  if (c.at_id()) name = c.next().name;
  std::vector<uint8_t> bytes = encode_component_fields(c, options, nullptr, name);
  c.expect_rparen();
  return bytes;
}

}  // namespace stratus::text::component
