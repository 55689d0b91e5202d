// The text format's tokens: parentheses, strings, identifiers and atoms (keywords, numbers and
// anything else made of identifier characters). Comments never become tokens, nor do
// annotations other than `(@custom ...)`, the one annotation the module encoder reads.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "text/text_error.hpp"

namespace stratus::text {

// A CustomAnnotation is the `(@custom` opening a custom section annotation; its body follows
// as ordinary tokens, up to the RParen that closes it. The two openers come first, so that
// "an opener" is one comparison (Cursor::at_open).
enum class TokenKind : uint8_t { LParen, CustomAnnotation, RParen, String, Id, Atom, End };

struct Token {
  TokenKind kind = TokenKind::End;
  std::string_view text;  // as written; a String's includes its quotes, an Id's its `$`
  Location where;
  std::string_view name;  // an Id's name: `$abc` and `$"abc"` are both "abc"
};

// The tokens of a source, ending with one End token, and the names of its `$"..."` ids
// (decoded, so they outlive no token that points at them).
struct Tokens {
  std::vector<Token> list;
  std::deque<std::string> quoted_names;
};

// Splits `source` into tokens. Throws TextError on a character no
// token can start with, an unterminated string or block comment, or a malformed escape.
// `(@name ...)` annotations are skipped whole, as the annotations proposal lets a consumer do
// with ones it does not know; `(@custom` (or `(@"custom"`) is a CustomAnnotation token.
Tokens tokenize(std::string_view source);

// The bytes a String token stands for, its escapes decoded (tokenize checked them).
std::string string_bytes(const Token& string);

}  // namespace stratus::text
