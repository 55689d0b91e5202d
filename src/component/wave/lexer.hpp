// WAVE's tokens, as wasm-wave's lexer defines them: punctuation, numbers, labels (keywords
// are labels the parser recognises), chars, strings and multiline strings. Whitespace and
// `//` comments between tokens are skipped.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "stratus/result.hpp"

namespace stratus::component::wave {

enum class Token {
  BraceOpen,
  BraceClose,
  ParenOpen,
  ParenClose,
  BracketOpen,
  BracketClose,
  Colon,
  Comma,
  Number,
  LabelOrKeyword,
  Char,
  String,
  MultilineString,
};

// The token's name as wasm-wave's messages spell it ("ParenClose").
const char* token_name(Token t);

struct Span {
  size_t start = 0;
  size_t end = 0;
};

// "at 3..5", the form every WAVE message ends with: byte offsets into the text.
std::string span_text(Span s);
// An ErrorKind::Argument error: "<what> at S..E".
Error wave_error(std::string what, Span s);

struct Lexed {
  Token token;
  Span span;
};

// Reads tokens from `text` (valid UTF-8), starting at `pos`.
class Lexer {
 public:
  explicit Lexer(std::string_view text, size_t pos = 0) : text_(text), pos_(pos) {}

  // The next token; std::nullopt at the end of the text; an error for text that is no token.
  Result<std::optional<Lexed>> next();
  std::string_view text() const { return text_; }
  size_t pos() const { return pos_; }

 private:
  void skip_trivia();
  size_t char_len(size_t at) const;
  bool match_escape(size_t& at) const;
  size_t match_number(size_t at) const;
  size_t match_label(size_t at) const;

  std::string_view text_;
  size_t pos_;
};

// The first WIT-style label word rule WAVE and function names share: one ASCII letter, then
// letters and digits, all of one case.
size_t match_label_at(std::string_view text, size_t at, bool allow_percent);

}  // namespace stratus::component::wave
