#include "text/extern_types.hpp"

#include "text/literals.hpp"
#include "text/module_context.hpp"

namespace stratus::text {

namespace {

uint32_t limit_value(Cursor& c) {
  if (!c.at(TokenKind::Atom)) c.unexpected("a limit");
  const Token& t = c.next();
  auto n = parse_unsigned(t.text, UINT32_MAX);
  if (!n) {
    if (looks_numeric(t.text)) fail(t.where, "constant out of range (i32 constant)");
    fail(t.where, "unexpected token, expected a limit");
  }
  return static_cast<uint32_t>(*n);
}

}  // namespace

Limits read_limits(Cursor& c) {
  Limits l;
  l.min = limit_value(c);
  if (c.at(TokenKind::Atom) && looks_numeric(c.peek().text)) l.max = limit_value(c);
  return l;
}

void write_limits(BinaryWriter& w, const Limits& l) {
  w.byte(l.max ? 0x01 : 0x00);
  w.u32(l.min);
  if (l.max) w.u32(*l.max);
}

void write_global_type(Cursor& c, BinaryWriter& w) {
  if (c.take_form("mut")) {
    w.byte(static_cast<uint8_t>(read_valtype(c)));
    w.byte(0x01);
    c.expect_rparen();
  } else {
    w.byte(static_cast<uint8_t>(read_valtype(c)));
    w.byte(0x00);
  }
}

}  // namespace stratus::text
