#include <algorithm>
#include <string>

#include "component/wave/ast.hpp"

namespace stratus::component::wave {

namespace {

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// What may stand where a token was unexpected, for the message.
const char* expected_after(Token end) {
  switch (end) {
    case Token::ParenClose: return "`,` or `)`";
    case Token::BracketClose: return "`,` or `]`";
    case Token::BraceClose: return "`,` or `}`";
    default: return "a value";
  }
}

}  // namespace

Result<Token> Parser::advance() {
  auto next = lex_.next();
  if (!next) return next.error();
  if (!next->has_value()) {
    const size_t end = lex_.text().size();
    return wave_error("unexpected end of input", Span{end, end});
  }
  token_ = (*next)->token;
  span_ = (*next)->span;
  return token_;
}

Result<Token> Parser::expect_advance() { return advance(); }

Result<bool> Parser::next_is(Token t) {
  Lexer peek = lex_;
  auto next = peek.next();
  return next && next->has_value() && (*next)->token == t;
}

Error Parser::unexpected(const char* expected) const {
  std::string what = std::string("unexpected token: ") + token_name(token_);
  if (expected) what += std::string(" (expected ") + expected + ")";
  return wave_error(std::move(what), span_);
}

Result<void> Parser::expect(Token t) {
  if (token_ == t) return {};
  const char* what = t == Token::ParenOpen      ? "`(`"
                     : t == Token::ParenClose   ? "`)`"
                     : t == Token::BraceClose   ? "`}`"
                     : t == Token::Colon        ? "`:`"
                     : t == Token::LabelOrKeyword ? "a label"
                                                  : "another token";
  return unexpected(what);
}

Result<Node> Parser::parse_value() { return node(); }

Result<void> Parser::finish() {
  Lexer peek = lex_;
  auto next = peek.next();
  if (next && !next->has_value()) return {};
  Span span;
  if (next) {
    span = (*next)->span;
  } else {
    // The text after the value is not even a token: point at where it starts.
    size_t at = lex_.pos();
    std::string_view text = lex_.text();
    while (at < text.size() && (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r')) ++at;
    span = Span{at, std::min(at + 1, text.size())};
  }
  return wave_error("trailing characters after value", span);
}

Result<Node> Parser::node() {
  if (depth_ >= kMaxNesting) {
    return wave_error("value nesting too deep (more than " + std::to_string(kMaxNesting) + " levels)", span_);
  }
  ++depth_;
  auto n = node_inner();
  --depth_;
  return n;
}

Result<Node> Parser::node_inner() {
  auto t = advance();
  if (!t) return t.error();
  switch (*t) {
    case Token::Number: return leaf(NodeType::Number);
    case Token::Char: return leaf(NodeType::Char);
    case Token::String: return leaf(NodeType::String);
    case Token::MultilineString: return leaf(NodeType::MultilineString);
    case Token::ParenOpen: return tuple(span_.start);
    case Token::BracketOpen: return list(span_.start);
    case Token::BraceOpen: return record_or_flags(span_.start);
    case Token::LabelOrKeyword: {
      std::string_view word = lex_.text().substr(span_.start, span_.end - span_.start);
      if (word == "true") return leaf(NodeType::BoolTrue);
      if (word == "false") return leaf(NodeType::BoolFalse);
      if (word == "inf" || word == "nan") return leaf(NodeType::Number);
      if (word == "some") return option(NodeType::OptionSome);
      if (word == "none") return option(NodeType::OptionNone);
      if (word == "ok") return result(NodeType::ResultOk);
      if (word == "err") return result(NodeType::ResultErr);
      return label_maybe_payload();
    }
    case Token::BraceClose:
    case Token::ParenClose:
    case Token::BracketClose:
    case Token::Colon:
    case Token::Comma:
      return unexpected("a value");
  }
  return unexpected(nullptr);
}

Result<std::vector<Node>> Parser::comma_separated(Token end) {
  std::vector<Node> nodes;
  auto empty = next_is(end);
  if (*empty) {
    if (auto t = advance(); !t) return t.error();
    return nodes;
  }
  for (;;) {
    auto n = node();
    if (!n) return n.error();
    nodes.push_back(std::move(*n));
    auto t = advance();
    if (!t) return t.error();
    if (*t == Token::Comma) {
      if (*next_is(end)) {
        if (auto close = advance(); !close) return close.error();
        break;
      }
      continue;
    }
    if (*t != end) return unexpected(expected_after(end));
    break;
  }
  return nodes;
}

Result<Node> Parser::tuple(size_t start) {
  auto children = comma_separated(Token::ParenClose);
  if (!children) return children.error();
  Span span{start, span_.end};
  if (children->empty()) return wave_error("empty tuple", span);
  return Node{NodeType::Tuple, span, std::move(*children)};
}

Result<Node> Parser::parse_arguments(size_t open_start) {
  auto children = comma_separated(Token::ParenClose);
  if (!children) return children.error();
  return Node{NodeType::Tuple, Span{open_start, span_.end}, std::move(*children)};
}

Result<Node> Parser::list(size_t start) {
  auto children = comma_separated(Token::BracketClose);
  if (!children) return children.error();
  return Node{NodeType::List, Span{start, span_.end}, std::move(*children)};
}

Result<Node> Parser::record_or_flags(size_t start) {
  auto first = advance();
  if (!first) return first.error();
  if (*first == Token::Colon) {  // `{:}`, the empty record
    if (auto t = advance(); !t) return t.error();
    if (auto e = expect(Token::BraceClose); !e) return e.error();
    return Node{NodeType::Record, Span{start, span_.end}, {}};
  }
  if (*first == Token::BraceClose) return Node{NodeType::Flags, Span{start, span_.end}, {}};

  const bool is_record = *next_is(Token::Colon);
  std::vector<Node> children;
  std::vector<std::string_view> seen;
  for (;;) {
    auto name = label();
    if (!name) return name.error();
    std::string_view plain = name->label(lex_.text());
    if (std::find(seen.begin(), seen.end(), plain) != seen.end()) {
      return wave_error(std::string(is_record ? "duplicate field: " : "duplicate flag: ") + quoted(plain), name->span);
    }
    seen.push_back(plain);
    children.push_back(std::move(*name));
    if (is_record) {
      if (auto t = advance(); !t) return t.error();
      if (auto e = expect(Token::Colon); !e) return e.error();
      auto value = node();
      if (!value) return value.error();
      children.push_back(std::move(*value));
    }
    // WAVE's entries are comma-separated (wasm-wave also takes them without the commas).
    auto t = advance();
    if (!t) return t.error();
    if (*t == Token::Comma) {
      if (auto after = advance(); !after) return after.error();
    } else if (*t != Token::BraceClose) {
      return unexpected("`,` or `}`");
    }
    if (token_ == Token::BraceClose) break;
  }
  return Node{is_record ? NodeType::Record : NodeType::Flags, Span{start, span_.end}, std::move(children)};
}

Result<Node> Parser::label_maybe_payload() {
  const size_t start = span_.start;
  auto name = label();
  if (!name) return name.error();
  if (!*next_is(Token::ParenOpen)) return name;
  if (auto t = advance(); !t) return t.error();
  auto payload = node();
  if (!payload) return payload.error();
  if (auto t = advance(); !t) return t.error();
  if (auto e = expect(Token::ParenClose); !e) return e.error();
  std::vector<Node> children;
  children.push_back(std::move(*name));
  children.push_back(std::move(*payload));
  return Node{NodeType::VariantWithPayload, Span{start, span_.end}, std::move(children)};
}

Result<Node> Parser::option(NodeType type) {
  const size_t start = span_.start;
  std::vector<Node> children;
  if (type == NodeType::OptionSome) {
    if (auto t = advance(); !t) return t.error();
    if (auto e = expect(Token::ParenOpen); !e) return e.error();
    auto payload = node();
    if (!payload) return payload.error();
    if (auto t = advance(); !t) return t.error();
    if (auto e = expect(Token::ParenClose); !e) return e.error();
    children.push_back(std::move(*payload));
  }
  return Node{type, Span{start, span_.end}, std::move(children)};
}

Result<Node> Parser::result(NodeType type) {
  const size_t start = span_.start;
  std::vector<Node> children;
  if (*next_is(Token::ParenOpen)) {
    if (auto t = advance(); !t) return t.error();
    auto payload = node();
    if (!payload) return payload.error();
    if (auto t = advance(); !t) return t.error();
    if (auto e = expect(Token::ParenClose); !e) return e.error();
    children.push_back(std::move(*payload));
  }
  return Node{type, Span{start, span_.end}, std::move(children)};
}

Result<Node> Parser::label() {
  if (auto e = expect(Token::LabelOrKeyword); !e) return e.error();
  return leaf(NodeType::Label);
}

}  // namespace stratus::component::wave
