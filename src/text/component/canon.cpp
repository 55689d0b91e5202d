// Canonical functions: lift, lower and the built-ins, with their options.
#include <string>

#include "text/component/component_parser.hpp"
#include "text/literals.hpp"

namespace stratus::text::component {

namespace {

// A built-in's opcode and what follows it.
enum class Shape { Nothing, Type, TypeOptions, TypeAsync, Options, Async, AsyncMemory, Context, ResultOptions };

struct Builtin {
  std::string_view name;
  uint8_t code;
  Shape shape;
};

constexpr Builtin kBuiltins[] = {
    {"resource.new", 0x02, Shape::Type},
    {"resource.rep", 0x04, Shape::Type},
    {"task.cancel", 0x05, Shape::Nothing},
    {"subtask.cancel", 0x06, Shape::Async},
    {"task.return", 0x09, Shape::ResultOptions},
    {"context.get", 0x0a, Shape::Context},
    {"context.set", 0x0b, Shape::Context},
    {"thread.yield", 0x0c, Shape::Async},
    {"yield", 0x0c, Shape::Async},
    {"subtask.drop", 0x0d, Shape::Nothing},
    {"stream.new", 0x0e, Shape::Type},
    {"stream.read", 0x0f, Shape::TypeOptions},
    {"stream.write", 0x10, Shape::TypeOptions},
    {"stream.cancel-read", 0x11, Shape::TypeAsync},
    {"stream.cancel-write", 0x12, Shape::TypeAsync},
    {"stream.drop-readable", 0x13, Shape::Type},
    {"stream.drop-writable", 0x14, Shape::Type},
    {"future.new", 0x15, Shape::Type},
    {"future.read", 0x16, Shape::TypeOptions},
    {"future.write", 0x17, Shape::TypeOptions},
    {"future.cancel-read", 0x18, Shape::TypeAsync},
    {"future.cancel-write", 0x19, Shape::TypeAsync},
    {"future.drop-readable", 0x1a, Shape::Type},
    {"future.drop-writable", 0x1b, Shape::Type},
    {"error-context.new", 0x1c, Shape::Options},
    {"error-context.debug-message", 0x1d, Shape::Options},
    {"error-context.drop", 0x1e, Shape::Nothing},
    {"waitable-set.new", 0x1f, Shape::Nothing},
    {"waitable-set.wait", 0x20, Shape::AsyncMemory},
    {"waitable-set.poll", 0x21, Shape::AsyncMemory},
    {"waitable-set.drop", 0x22, Shape::Nothing},
    {"waitable.join", 0x23, Shape::Nothing},
    {"backpressure.inc", 0x24, Shape::Nothing},
    {"backpressure.dec", 0x25, Shape::Nothing},
    {"thread.index", 0x26, Shape::Nothing},
};

// A type index, or an inline defined type (`(stream u8)`) written as a type first.
uint32_t type_index(Parser& p, Scope& s) {
  if (!p.cursor().at(TokenKind::LParen)) return s.index(p.cursor(), Sort::Type);
  return p.inline_type(s);
}

void canon_options(Parser& p, Scope& s, BinaryWriter& w) {
  Cursor& c = p.cursor();
  BinaryWriter opts;
  uint32_t n = 0;
  for (; !c.at(TokenKind::RParen) && !c.at_form("type"); ++n) {
    if (c.at(TokenKind::Atom)) {
      const Token& t = c.next();
      if (t.text == "string-encoding=utf8") opts.byte(0x00);
      else if (t.text == "string-encoding=utf16") opts.byte(0x01);
      else if (t.text == "string-encoding=latin1+utf16") opts.byte(0x02);
      else if (t.text == "async") opts.byte(0x06);
      else if (t.text == "gc") opts.byte(0x09);
      else fail(t.where, "unknown canonical option " + std::string(t.text.substr(0, 40)));
      continue;
    }
    c.expect_lparen();
    if (!c.at(TokenKind::Atom)) c.unexpected("a canonical option");
    const Token& t = c.next();
    if (t.text == "memory") {
      opts.byte(0x03);
      opts.u32(p.reference(s, Sort::CoreMemory));
    } else if (t.text == "realloc" || t.text == "post-return" || t.text == "callback") {
      opts.byte(t.text == "realloc" ? 0x04 : t.text == "post-return" ? 0x05 : 0x07);
      opts.u32(p.reference(s, Sort::CoreFunc));
    } else if (t.text == "core-type") {
      opts.byte(0x08);
      opts.u32(s.index(c, Sort::CoreType));
    } else {
      fail(t.where, "unknown canonical option " + std::string(t.text.substr(0, 40)));
    }
    c.expect_rparen();
  }
  w.u32(n);
  w.raw(opts.bytes());
}

}  // namespace

Sort Parser::canon(Scope& s, BinaryWriter& w, std::optional<uint32_t> lift_type, const Token** standalone_id) {
  const Sort sort = canon_body(s, w, lift_type, standalone_id);
  if (standalone_id && sort == Sort::CoreFunc) {
    if (!c_.take_form("core")) c_.unexpected("'(core func'");
    c_.expect_atom("func");
    *standalone_id = take_id(c_);
    c_.expect_rparen();
  }
  return sort;
}

Sort Parser::canon_body(Scope& s, BinaryWriter& w, std::optional<uint32_t> lift_type, const Token** standalone_id) {
  if (!c_.at(TokenKind::Atom)) c_.unexpected("a canonical function");
  const Token& word = c_.next();
  const std::string_view k = word.text;
  if (k == "lift") {
    const uint32_t core_func = reference(s, Sort::CoreFunc);
    BinaryWriter opts;
    canon_options(*this, s, opts);
    if (c_.take_form("type")) {
      lift_type = s.index(c_, Sort::Type);
      c_.expect_rparen();
    }
    if (standalone_id) {
      if (!c_.take_form("func")) c_.unexpected("'(func'");
      *standalone_id = take_id(c_);
      lift_type = type_use(s, "func");
      c_.expect_rparen();
    }
    if (!lift_type) fail(word.where, "a lifted function needs a type");
    w.byte(0x00);
    w.byte(0x00);
    w.u32(core_func);
    w.raw(opts.bytes());
    w.u32(*lift_type);
    return Sort::Func;
  }
  if (k == "lower") {
    const uint32_t func = reference(s, Sort::Func);
    w.byte(0x01);
    w.byte(0x00);
    w.u32(func);
    canon_options(*this, s, w);
    return Sort::CoreFunc;
  }
  if (k == "resource.drop") {
    const uint32_t type = type_index(*this, s);
    w.byte(c_.take_atom("async") ? 0x07 : 0x03);
    w.u32(type);
    return Sort::CoreFunc;
  }
  const Builtin* builtin = nullptr;
  for (const Builtin& b : kBuiltins)
    if (b.name == k) builtin = &b;
  if (!builtin) fail(word.where, "unknown canonical function " + std::string(k.substr(0, 40)));
  w.byte(builtin->code);
  switch (builtin->shape) {
    case Shape::Nothing: break;
    case Shape::Type: w.u32(type_index(*this, s)); break;
    case Shape::TypeOptions:
      w.u32(type_index(*this, s));
      canon_options(*this, s, w);
      break;
    case Shape::TypeAsync:
      w.u32(type_index(*this, s));
      w.byte(c_.take_atom("async") ? 1 : 0);
      break;
    case Shape::Options: canon_options(*this, s, w); break;
    case Shape::Async: w.byte(c_.take_atom("async") ? 1 : 0); break;
    case Shape::AsyncMemory:
      w.byte(c_.take_atom("async") ? 1 : 0);
      if (!c_.take_form("memory")) c_.unexpected("'(memory'");
      w.u32(reference(s, Sort::CoreMemory));
      c_.expect_rparen();
      break;
    case Shape::Context: {
      c_.expect_atom("i32");
      w.byte(0x7f);
      if (!c_.at(TokenKind::Atom)) c_.unexpected("a context slot");
      const Token& t = c_.next();
      const auto slot = parse_unsigned(t.text, UINT32_MAX);
      if (!slot) fail(t.where, "malformed context slot " + std::string(t.text.substr(0, 40)));
      w.u32(*slot);
      break;
    }
    case Shape::ResultOptions:
      if (c_.take_form("result")) {
        w.byte(0x00);
        value_type(s, w);
        c_.expect_rparen();
      } else {
        w.byte(0x01);
        w.byte(0x00);
      }
      canon_options(*this, s, w);
      break;
  }
  return Sort::CoreFunc;
}

}  // namespace stratus::text::component
