// Core module types, `(module decl*)`: imports, exports, function types and outer aliases of
// types, with the type index space of their own. An inline function type takes the index of
// an earlier `(type (func ...))` that matches it, or becomes a type declaration just before
// the declaration using it, as wasm-tools writes it.
#include <string>
#include <unordered_map>

#include "text/component/component_parser.hpp"
#include "text/extern_types.hpp"
#include "text/literals.hpp"
#include "text/module_context.hpp"

namespace stratus::text::component {

namespace {

class ModuleTypeWriter {
 public:
  ModuleTypeWriter(Cursor& c, Scope& scope) : c_(c), scope_(scope) {}

  void declarations() {
    while (!c_.at(TokenKind::RParen)) {
      c_.expect_lparen();
      if (!c_.at(TokenKind::Atom)) c_.unexpected("a module type declaration");
      const Token& word = c_.next();
      if (word.text == "import") {
        BinaryWriter d;
        d.byte(0x00);
        d.name(c_.expect_name());
        d.name(c_.expect_name());
        desc(d);
        add(std::move(d));
      } else if (word.text == "export") {
        BinaryWriter d;
        d.byte(0x03);
        d.name(c_.expect_name());
        desc(d);
        add(std::move(d));
      } else if (word.text == "type") {
        const Token* id = take_id(c_);
        if (!c_.take_form("func")) c_.unexpected("'(func'");
        TextFuncType type;
        std::vector<std::optional<std::string_view>> names;
        read_params_results(c_, type, &names);
        c_.expect_rparen();
        explicit_types_.emplace_back(type, types_);
        BinaryWriter d;
        d.byte(0x01);
        write_core_func_type(d, type);
        add(std::move(d));
        define_type(id);
      } else if (word.text == "alias") {
        alias();
      } else {
        fail(word.where, "unknown module type declaration " + std::string(word.text.substr(0, 40)));
      }
      c_.expect_rparen();
    }
  }

  void write(BinaryWriter& w) const {
    w.byte(0x50);
    w.u32(count_);
    w.raw(decls_.bytes());
  }

 private:
  void add(BinaryWriter d) {
    decls_.raw(d.bytes());
    ++count_;
  }

  void define_type(const Token* id) {
    if (id && !type_ids_.emplace(id->name, types_).second)
      fail(id->where, "duplicate identifier " + std::string(id->text));
    ++types_;
  }

  uint32_t type_index() {
    if (c_.at_id()) {
      const Token& id = c_.next();
      const auto it = type_ids_.find(id.name);
      if (it == type_ids_.end()) fail(id.where, "unknown identifier " + std::string(id.text));
      return it->second;
    }
    const Token& t = c_.next();
    const auto n = t.kind == TokenKind::Atom ? parse_unsigned(t.text, UINT32_MAX) : std::nullopt;
    if (!n) fail(t.where, "unexpected token, expected a type index");
    return static_cast<uint32_t>(*n);
  }

  // `(type x)`, or inline parameters and results: an earlier type of that shape, or a new
  // type declared just before the declaration being read.
  uint32_t type_use() {
    if (c_.take_form("type")) {
      const uint32_t index = type_index();
      c_.expect_rparen();
      return index;
    }
    TextFuncType type;
    std::vector<std::optional<std::string_view>> names;
    read_params_results(c_, type, &names);
    for (const auto& [known, index] : explicit_types_)
      if (known == type) return index;
    BinaryWriter d;
    d.byte(0x01);
    write_core_func_type(d, type);
    add(std::move(d));
    define_type(nullptr);
    return types_ - 1;
  }

  // An import's or export's description: `(func ...)`, `(memory ...)`, `(table ...)`,
  // `(global ...)`, `(tag ...)`.
  void desc(BinaryWriter& d) {
    c_.expect_lparen();
    if (!c_.at(TokenKind::Atom)) c_.unexpected("an import kind");
    const Token& kind = c_.next();
    take_id(c_);
    if (kind.text == "func") {
      const uint32_t type = type_use();
      d.byte(0x00);
      d.u32(type);
    } else if (kind.text == "table") {
      const Limits l = read_limits(c_);
      d.byte(0x01);
      d.byte(static_cast<uint8_t>(read_reftype(c_)));
      write_limits(d, l);
    } else if (kind.text == "memory") {
      d.byte(0x02);
      write_limits(d, read_limits(c_));
    } else if (kind.text == "global") {
      d.byte(0x03);
      write_global_type(c_, d);
    } else if (kind.text == "tag") {
      const uint32_t type = type_use();
      d.byte(0x04);
      d.byte(0x00);
      d.u32(type);
    } else {
      fail(kind.where, "unknown import kind " + std::string(kind.text.substr(0, 40)));
    }
    c_.expect_rparen();
  }

  // `(alias outer ct x (type $id?))`: a type of an enclosing component.
  void alias() {
    c_.expect_atom("outer");
    uint32_t count = 1;
    const Scope* target = &scope_;
    const Token& ct = c_.next();
    if (ct.kind == TokenKind::Id) {
      while (target && target->name != ct.name) {
        target = target->outer();
        ++count;
      }
    } else {
      const auto n = ct.kind == TokenKind::Atom ? parse_unsigned(ct.text, UINT32_MAX) : std::nullopt;
      if (!n || *n == 0)
        fail(ct.where, "an outer alias of a module type names an enclosing component (count 1 or more)");
      count = static_cast<uint32_t>(*n);
      for (uint32_t i = 1; target && i < count; ++i) target = target->outer();
    }
    if (!target) fail(ct.where, "unknown outer component " + std::string(ct.text));
    const uint32_t index = target->own_index(c_, Sort::CoreType);
    if (!c_.take_form("type")) c_.unexpected("'(type'");
    const Token* id = take_id(c_);
    c_.expect_rparen();
    BinaryWriter d;
    d.byte(0x02);
    d.byte(0x10);
    d.byte(0x01);
    d.u32(count);
    d.u32(index);
    add(std::move(d));
    define_type(id);
  }

  Cursor& c_;
  Scope& scope_;
  BinaryWriter decls_;
  uint32_t count_ = 0;
  uint32_t types_ = 0;
  std::unordered_map<std::string_view, uint32_t> type_ids_;
  std::vector<std::pair<TextFuncType, uint32_t>> explicit_types_;
};

}  // namespace

void write_core_func_type(BinaryWriter& w, const TextFuncType& type) {
  w.byte(0x60);
  w.u32(type.params.size());
  for (ValType t : type.params) w.byte(static_cast<uint8_t>(t));
  w.u32(type.results.size());
  for (ValType t : type.results) w.byte(static_cast<uint8_t>(t));
}

void Parser::module_type(Scope& s, BinaryWriter& w) {
  ModuleTypeWriter writer(c_, s);
  writer.declarations();
  writer.write(w);
}

}  // namespace stratus::text::component
