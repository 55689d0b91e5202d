#include <cstring>
#include <string>

#include "text/cursor.hpp"
#include "text/lexer.hpp"
#include "text/literals.hpp"
#include "text/module_parser.hpp"
#include "text/script.hpp"

namespace stratus::text {

std::string_view command_type_name(Command::Type type) {
  using T = Command::Type;
  switch (type) {
    case T::Module: return "module";
    case T::Register: return "register";
    case T::Action: return "action";
    case T::AssertReturn: return "assert_return";
    case T::AssertTrap: return "assert_trap";
    case T::AssertExhaustion: return "assert_exhaustion";
    case T::AssertInvalid: return "assert_invalid";
    case T::AssertMalformed: return "assert_malformed";
    case T::AssertUnlinkable: return "assert_unlinkable";
    case T::AssertUninstantiable: return "assert_uninstantiable";
    case T::Unsupported: return "unsupported";
    case T::Unreadable: return "unreadable";
  }
  return "?";
}

namespace {

struct LaneShape {
  const char* lane_type;
  unsigned bits;
  bool is_float;
};

bool vector_shape(std::string_view s, LaneShape& out) {
  static constexpr std::pair<std::string_view, LaneShape> shapes[] = {
      {"i8x16", {"i8", 8, false}},   {"i16x8", {"i16", 16, false}}, {"i32x4", {"i32", 32, false}},
      {"i64x2", {"i64", 64, false}}, {"f32x4", {"f32", 32, true}},  {"f64x2", {"f64", 64, true}},
  };
  for (const auto& [name, shape] : shapes)
    if (s == name) {
      out = shape;
      return true;
    }
  return false;
}

// A module's name in a script, `$m` whether written `$m` or `$"m"`.
std::string id_of(const Token& id) { return "$" + std::string(id.name); }

class ScriptParser {
 public:
  explicit ScriptParser(const Tokens& tokens) : c_(tokens.list) {}

  std::vector<Command> run() {
    std::vector<Command> commands;
    if (at_module_field()) {
      // A script may be one module's fields alone, without `(module ...)` around them.
      Command cmd;
      cmd.line = c_.where().line;
      try {
        cmd.module.bytes = encode_module_fields(c_);
        if (!c_.at(TokenKind::End)) c_.unexpected("a module field");
      } catch (const TextError& e) {
        cmd.module.form = ScriptModule::Form::Unparsed;
        cmd.module.error = e.to_string();
      }
      commands.push_back(std::move(cmd));
      return commands;
    }
    while (!c_.at(TokenKind::End)) {
      // A custom annotation between commands belongs to no module.
      if (c_.at(TokenKind::CustomAnnotation)) c_.skip_form();
      else commands.push_back(command());
    }
    return commands;
  }

 private:
  // At the first field of a script that is a module's fields alone (custom annotations may
  // come before it).
  bool at_module_field() const {
    static constexpr std::string_view fields[] = {"type",   "import", "func",  "table", "memory",
                                                  "global", "export", "start", "elem",  "data"};
    Cursor ahead = c_;
    while (ahead.at(TokenKind::CustomAnnotation)) ahead.skip_form();
    for (std::string_view f : fields)
      if (ahead.at_form(f)) return true;
    return false;
  }

  Command command() {
    Command cmd;
    cmd.line = c_.where().line;
    if (!c_.at(TokenKind::LParen)) c_.unexpected("a script command");
    const size_t start = c_.position();
    const std::string_view word = c_.peek(1).text;
    using T = Command::Type;
    if (word == "module") {
      cmd.type = T::Module;
      read_module(cmd);
      return cmd;
    }
    c_.next();
    c_.next();
    if (word == "register") {
      cmd.type = T::Register;
      cmd.as = c_.expect_name();
      if (c_.at_id()) cmd.name = id_of(c_.next());
    } else if (word == "invoke" || word == "get") {
      c_.seek(start);
      cmd.type = T::Action;
      cmd.action = action();
      return cmd;
    } else if (word == "assert_return") {
      cmd.type = T::AssertReturn;
      cmd.line = c_.where().line;
      cmd.action = action();
      while (c_.at(TokenKind::LParen)) cmd.expected.push_back(expectation());
    } else if (word == "assert_trap" || word == "assert_exhaustion") {
      cmd.line = c_.where().line;
      if (c_.at_form("module")) {
        cmd.type = T::AssertUninstantiable;
        read_module(cmd);
      } else {
        cmd.type = word == "assert_trap" ? T::AssertTrap : T::AssertExhaustion;
        cmd.action = action();
      }
      cmd.text = c_.expect_string();
    } else if (word == "assert_invalid" || word == "assert_malformed" || word == "assert_unlinkable") {
      cmd.type = word == "assert_invalid"     ? T::AssertInvalid
                 : word == "assert_malformed" ? T::AssertMalformed
                                              : T::AssertUnlinkable;
      cmd.line = c_.where().line;
      read_module(cmd);
      cmd.text = c_.expect_string();
    } else {
      c_.seek(start);
      c_.skip_form();
      cmd.type = T::Unsupported;
      cmd.text = "command '" + std::string(word) + "' is not supported";
      return cmd;
    }
    c_.expect_rparen();
    return cmd;
  }

  // `(module $id? binary "..."*)`, `(module $id? quote "..."*)` or `(module $id? field*)`.
  void read_module(Command& cmd) {
    const size_t start = c_.position();
    c_.expect_lparen();
    c_.expect_atom("module");
    if (c_.at_id()) cmd.name = id_of(c_.next());
    ScriptModule& m = cmd.module;
    if (c_.take_atom("binary") || c_.at_atom("quote")) {
      const bool quote = c_.take_atom("quote");
      m.form = quote ? ScriptModule::Form::Text : ScriptModule::Form::Binary;
      while (c_.at(TokenKind::String)) {
        const std::string bytes = string_bytes(c_.next());
        m.bytes.insert(m.bytes.end(), bytes.begin(), bytes.end());
      }
      c_.expect_rparen();
      return;
    }
    if (c_.at_atom("definition") || c_.at_atom("instance")) {
      c_.seek(start);
      c_.skip_form();
      cmd.type = Command::Type::Unsupported;
      cmd.text = "module definitions and instances are not supported";
      return;
    }
    try {
      m.bytes = encode_module_fields(c_);
      m.form = ScriptModule::Form::Binary;
      c_.expect_rparen();
    } catch (const TextError& e) {
      m.form = ScriptModule::Form::Unparsed;
      m.error = e.to_string();
      m.bytes.clear();
      c_.seek(start);
      c_.skip_form();
    }
  }

  // `(invoke $id? "name" const*)` or `(get $id? "name")`.
  Action action() {
    Action a;
    c_.expect_lparen();
    if (c_.take_atom("invoke")) {
      a.kind = Action::Kind::Invoke;
    } else if (c_.take_atom("get")) {
      a.kind = Action::Kind::Get;
    } else {
      c_.unexpected("'invoke' or 'get'");
    }
    if (c_.at_id()) a.module = id_of(c_.next());
    a.field = c_.expect_name();
    while (a.kind == Action::Kind::Invoke && c_.at(TokenKind::LParen)) {
      std::string lane_type = "i32";
      a.args.push_back(argument(lane_type));
      a.arg_lane_types.push_back(lane_type);
    }
    c_.expect_rparen();
    return a;
  }

  const Token& atom() {
    if (!c_.at(TokenKind::Atom)) c_.unexpected("a constant");
    return c_.next();
  }

  template <class T>
  static T need(std::optional<T> v, const Token& t) {
    if (!v) fail(t.where, "constant out of range or malformed: " + std::string(t.text.substr(0, 40)));
    return *v;
  }

  Val argument(std::string& lane_type) {
    c_.expect_lparen();
    const Token& op = c_.next();
    Val v;
    if (op.text == "i32.const") {
      const Token& t = atom();
      v = Val::i32(static_cast<int32_t>(static_cast<uint32_t>(need(parse_int_bits(t.text, 32), t))));
    } else if (op.text == "i64.const") {
      const Token& t = atom();
      v = Val::i64(static_cast<int64_t>(need(parse_int_bits(t.text, 64), t)));
    } else if (op.text == "f32.const") {
      const Token& t = atom();
      v = Val::f32_bits(need(parse_f32_bits(t.text), t));
    } else if (op.text == "f64.const") {
      const Token& t = atom();
      v = Val::f64_bits(need(parse_f64_bits(t.text), t));
    } else if (op.text == "v128.const") {
      LaneShape shape;
      if (!c_.at(TokenKind::Atom) || !vector_shape(c_.peek().text, shape)) c_.unexpected("a vector shape");
      c_.next();
      lane_type = shape.lane_type;
      V128 bits;
      for (unsigned i = 0; i < 128 / shape.bits; ++i) write_lane(bits, shape, i, lane_bits(shape, atom()));
      v = Val::v128(bits);
    } else if (op.text == "ref.null") {
      if (c_.take_atom("func")) v = Val::funcref({});
      else if (c_.take_atom("extern")) v = Val::externref({});
      else c_.unexpected("'func' or 'extern'");
    } else if (op.text == "ref.extern") {
      const Token& t = atom();
      v = Val::externref(Ref{extern_ref_pointer(need(parse_unsigned(t.text, UINT64_MAX - 1), t))});
    } else {
      fail(op.where, "unexpected token, expected a constant");
    }
    c_.expect_rparen();
    return v;
  }

  static uint64_t lane_bits(const LaneShape& shape, const Token& t) {
    if (!shape.is_float) return need(parse_int_bits(t.text, shape.bits), t);
    if (shape.bits == 32) return need(parse_f32_bits(t.text), t);
    return need(parse_f64_bits(t.text), t);
  }

  static void write_lane(V128& v, const LaneShape& shape, unsigned index, uint64_t bits) {
    const unsigned bytes = shape.bits / 8;
    for (unsigned b = 0; b < bytes; ++b) v.bytes[index * bytes + b] = static_cast<uint8_t>(bits >> (8 * b));
  }

  static LaneExpectation lane_expectation(const LaneShape& shape, const Token& t) {
    if (shape.is_float && t.text == "nan:canonical") return {0, NanPattern::Canonical};
    if (shape.is_float && t.text == "nan:arithmetic") return {0, NanPattern::Arithmetic};
    uint64_t bits = lane_bits(shape, t);
    if (shape.bits < 64) bits &= (uint64_t{1} << shape.bits) - 1;
    return {bits, NanPattern::None};
  }

  Expectation expectation() {
    Expectation e;
    c_.expect_lparen();
    const Token& op = c_.next();
    static constexpr std::pair<std::string_view, std::pair<ValType, LaneShape>> scalars[] = {
        {"i32.const", {ValType::I32, {"i32", 32, false}}},
        {"i64.const", {ValType::I64, {"i64", 64, false}}},
        {"f32.const", {ValType::F32, {"f32", 32, true}}},
        {"f64.const", {ValType::F64, {"f64", 64, true}}},
    };
    bool done = false;
    for (const auto& [name, typed] : scalars)
      if (op.text == name) {
        e.type = typed.first;
        e.lanes.push_back(lane_expectation(typed.second, atom()));
        done = true;
      }
    if (done) {
    } else if (op.text == "v128.const") {
      LaneShape shape;
      if (!c_.at(TokenKind::Atom) || !vector_shape(c_.peek().text, shape)) c_.unexpected("a vector shape");
      c_.next();
      e.type = ValType::V128;
      e.lane_type = shape.lane_type;
      for (unsigned i = 0; i < 128 / shape.bits; ++i) e.lanes.push_back(lane_expectation(shape, atom()));
    } else if (op.text == "ref.null") {
      if (c_.take_atom("func")) e.type = ValType::FuncRef;
      else if (c_.take_atom("extern")) e.type = ValType::ExternRef;
      else if (c_.at(TokenKind::RParen)) e.ref_of_any_type = true;
      else c_.unexpected("'func' or 'extern'");
      e.ref_is_null = true;
    } else if (op.text == "ref.func") {
      e.type = ValType::FuncRef;
      e.ref_any_non_null = true;
      if (c_.at(TokenKind::Atom) || c_.at_id()) c_.next();
    } else if (op.text == "ref.extern") {
      e.type = ValType::ExternRef;
      if (c_.at(TokenKind::Atom)) {
        const Token& t = atom();
        e.lanes.push_back(
            {reinterpret_cast<uintptr_t>(extern_ref_pointer(need(parse_unsigned(t.text, UINT64_MAX - 1), t))),
             NanPattern::None});
      } else {
        e.ref_any_non_null = true;
      }
    } else {
      fail(op.where, "unexpected token, expected a result");
    }
    c_.expect_rparen();
    return e;
  }

  Cursor c_;
};

}  // namespace

Result<std::vector<Command>> parse_script(std::string_view source) {
  try {
    const Tokens tokens = tokenize(source);
    return ScriptParser(tokens).run();
  } catch (const TextError& e) {
    return Error(ErrorKind::Malformed, e.to_string());
  }
}

}  // namespace stratus::text
