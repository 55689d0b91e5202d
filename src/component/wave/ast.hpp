// The untyped syntax tree of a WAVE value, as wasm-wave's parser builds it before it knows
// the type: syntax errors are found first, type errors afterwards against the tree.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "component/wave/lexer.hpp"
#include "stratus/result.hpp"

namespace stratus::component::wave {

// Deeper values are an error, not a deeper recursion (the limit is wasm-wave's).
inline constexpr size_t kMaxNesting = 100;

enum class NodeType {
  BoolTrue,
  BoolFalse,
  Number,  // also `inf`, `nan` and `-inf`
  Char,
  String,
  MultilineString,
  Tuple,               // children: the elements
  List,                // children: the elements
  Record,              // children: label, value, label, value, ...
  Label,               // an enum case or a variant case without payload (or a field or flag)
  VariantWithPayload,  // children: label, payload
  OptionSome,          // children: payload
  OptionNone,
  ResultOk,   // children: the payload, if any
  ResultErr,  // children: the payload, if any
  Flags,      // children: labels
};

struct Node {
  NodeType type;
  Span span;
  std::vector<Node> children;

  std::string_view slice(std::string_view src) const { return src.substr(span.start, span.end - span.start); }
  // A label without its `%`.
  std::string_view label(std::string_view src) const {
    std::string_view s = slice(src);
    if (!s.empty() && s.front() == '%') s.remove_prefix(1);
    return s;
  }
};

class Parser {
 public:
  explicit Parser(Lexer lexer) : lex_(lexer) {}

  Result<Node> parse_value();
  // After the `(` of a call: the arguments up to the `)`, as a Tuple node (an empty one when
  // there are none).
  Result<Node> parse_arguments(size_t open_start);
  // Fails if anything but trivia is left.
  Result<void> finish();
  Result<Token> expect_advance();

 private:
  Result<Node> node();
  Result<Node> node_inner();
  Result<Token> advance();
  Result<bool> next_is(Token t);
  Result<void> expect(Token t);
  Error unexpected(const char* expected) const;
  Result<std::vector<Node>> comma_separated(Token end);
  Result<Node> tuple(size_t start);
  Result<Node> list(size_t start);
  Result<Node> record_or_flags(size_t start);
  Result<Node> label_maybe_payload();
  Result<Node> option(NodeType type);
  Result<Node> result(NodeType type);
  Result<Node> label();
  Node leaf(NodeType type) const { return Node{type, span_, {}}; }

  Lexer lex_;
  Token token_ = Token::Comma;
  Span span_;
  size_t depth_ = 0;
};

}  // namespace stratus::component::wave
