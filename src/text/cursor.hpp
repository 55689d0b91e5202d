// A position in a token list and the questions every parser step asks of it: what comes
// next, is it this keyword, and the errors for what it is not.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "binary/reader.hpp"
#include "text/lexer.hpp"
#include "text/text_error.hpp"

namespace stratus::text {

class Cursor {
 public:
  explicit Cursor(const std::vector<Token>& tokens, size_t pos = 0) : t_(&tokens), pos_(pos) {}

  size_t position() const { return pos_; }
  void seek(size_t pos) { pos_ = pos; }
  const Token& peek(size_t ahead = 0) const {
    const size_t i = pos_ + ahead;
    return i < t_->size() ? (*t_)[i] : t_->back();
  }
  const Token& next() {
    const Token& t = peek();
    if (pos_ < t_->size() - 1) ++pos_;
    return t;
  }
  Location where() const { return peek().where; }

  bool at(TokenKind kind, size_t ahead = 0) const { return peek(ahead).kind == kind; }
  bool at_atom(std::string_view word, size_t ahead = 0) const {
    return peek(ahead).kind == TokenKind::Atom && peek(ahead).text == word;
  }
  // `( word`, the start of a field or a folded form.
  bool at_form(std::string_view word) const { return at(TokenKind::LParen) && at_atom(word, 1); }
  bool at_id() const { return at(TokenKind::Id); }
  // A '(' or the `(@custom` that opens a custom annotation.
  bool at_open() const { return peek().kind <= TokenKind::CustomAnnotation; }

  bool take_atom(std::string_view word) {
    if (!at_atom(word)) return false;
    next();
    return true;
  }
  bool take_form(std::string_view word) {
    if (!at_form(word)) return false;
    next();
    next();
    return true;
  }

  void expect_lparen() {
    if (!at(TokenKind::LParen)) unexpected("'('");
    next();
  }
  void expect_rparen() {
    if (!at(TokenKind::RParen)) unexpected("')'");
    next();
  }
  void expect_atom(std::string_view word) {
    if (!at_atom(word)) unexpected("'" + std::string(word) + "'");
    next();
  }
  std::string expect_string() {
    if (!at(TokenKind::String)) unexpected("a string");
    return string_bytes(next());
  }
  std::string expect_name() {
    const Location where = this->where();
    std::string name = expect_string();
    if (!binary::is_valid_utf8({reinterpret_cast<const uint8_t*>(name.data()), name.size()}))
      fail(where, "malformed UTF-8 encoding");
    return name;
  }
  // Skips one token, or a whole parenthesized form (a custom annotation is one). The one
  // token is the common case (the declarations pass skips every token of a body), kept small
  // enough to inline.
  void skip_form() {
    if (at_open()) skip_open_form();
    else next();
  }

  // Skips to the ')' closing the form the cursor is inside, and past it.
  void skip_to_close() {
    while (!at(TokenKind::RParen)) {
      if (at(TokenKind::End)) unexpected("')'");
      skip_form();
    }
    next();
  }

  [[noreturn]] void unexpected(const std::string& wanted) const {
    const Token& t = peek();
    if (t.kind == TokenKind::CustomAnnotation)
      fail(t.where, "misplaced @custom annotation: a custom section is written between module fields");
    if (t.kind == TokenKind::End) fail(t.where, "unexpected end of input, expected " + wanted);
    fail(t.where, "unexpected token '" + std::string(t.text.substr(0, 40)) + "', expected " + wanted);
  }

 private:
  void skip_open_form() {
    const Location start = where();
    uint64_t depth = 0;
    do {
      if (at(TokenKind::End)) fail(start, "unexpected end of input: unclosed '('");
      if (at_open()) ++depth;
      if (at(TokenKind::RParen)) --depth;
      next();
    } while (depth > 0);
  }

  const std::vector<Token>* t_;
  size_t pos_;
};

}  // namespace stratus::text
