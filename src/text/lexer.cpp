#include "text/lexer.hpp"

#include <algorithm>

#include "binary/reader.hpp"

namespace stratus::text {

namespace {

bool is_idchar(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if (c >= 'a' && c <= 'z') return true;
  if (c >= 'A' && c <= 'Z') return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '/':
    case ':':
    case '<':
    case '=':
    case '>':
    case '?':
    case '@':
    case '\\':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~': return true;
    default: return false;
  }
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Lexer {
 public:
  explicit Lexer(std::string_view source) : s_(source) {}

  Tokens run() {
    Tokens out;
    std::vector<Token>& tokens = out.list;
    tokens.reserve(s_.size() / 4 + 1);
    for (;;) {
      skip_blank();
      const Location where = here();
      if (pos_ >= s_.size()) {
        tokens.push_back({TokenKind::End, {}, where, {}});
        return out;
      }
      const size_t start = pos_;
      const char c = s_[pos_];
      if (c == '(') {
        if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '@') {
          if (size_t id_end = custom_annotation_end()) {
            while (pos_ < id_end) advance();
            tokens.push_back({TokenKind::CustomAnnotation, s_.substr(start, pos_ - start), where, {}});
            continue;
          }
          skip_annotation();
          continue;
        }
        advance();
        tokens.push_back({TokenKind::LParen, s_.substr(start, 1), where, {}});
      } else if (c == ')') {
        advance();
        tokens.push_back({TokenKind::RParen, s_.substr(start, 1), where, {}});
      } else if (c == '"') {
        scan_string();
        if (pos_ < s_.size() && (s_[pos_] == '"' || is_idchar(static_cast<unsigned char>(s_[pos_]))))
          fail(here(), "unknown operator: tokens must be separated by white space");
        tokens.push_back({TokenKind::String, s_.substr(start, pos_ - start), where, {}});
      } else if (c == '$' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '"') {
        advance();
        const size_t quote = pos_;
        scan_string();
        const std::string name = string_bytes(Token{TokenKind::String, s_.substr(quote, pos_ - quote), where, {}});
        if (name.empty()) fail(where, "empty identifier");
        if (!binary::is_valid_utf8({reinterpret_cast<const uint8_t*>(name.data()), name.size()}))
          fail(where, "malformed UTF-8 encoding in an identifier");
        if (pos_ < s_.size() && (s_[pos_] == '"' || is_idchar(static_cast<unsigned char>(s_[pos_]))))
          fail(here(), "unknown operator: tokens must be separated by white space");
        out.quoted_names.push_back(name);
        tokens.push_back({TokenKind::Id, s_.substr(start, pos_ - start), where, out.quoted_names.back()});
      } else if (is_idchar(static_cast<unsigned char>(c))) {
        while (pos_ < s_.size() && is_idchar(static_cast<unsigned char>(s_[pos_]))) advance();
        const std::string_view text = s_.substr(start, pos_ - start);
        if (pos_ < s_.size() && s_[pos_] == '"')
          fail(here(), "unknown operator: tokens must be separated by white space");
        const bool id = text[0] == '$';
        if (id && text.size() == 1) fail(where, "empty identifier");
        tokens.push_back({id ? TokenKind::Id : TokenKind::Atom, text, where, id ? text.substr(1) : std::string_view()});
      } else {
        illegal_character();
      }
    }
  }

 private:
  Location here() const { return {line_, static_cast<uint32_t>(pos_ - line_start_ + 1)}; }

  void advance() {
    if (s_[pos_] == '\n') {
      ++line_;
      line_start_ = pos_ + 1;
    }
    ++pos_;
  }

  void skip_blank() {
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        advance();
      } else if (c == ';' && pos_ + 1 < s_.size() && s_[pos_ + 1] == ';') {
        while (pos_ < s_.size() && s_[pos_] != '\n' && s_[pos_] != '\r') advance();
      } else if (c == '(' && pos_ + 1 < s_.size() && s_[pos_ + 1] == ';') {
        skip_block_comment();
      } else {
        return;
      }
    }
  }

  void skip_block_comment() {
    const Location where = here();
    uint64_t depth = 0;
    while (pos_ < s_.size()) {
      if (s_[pos_] == '(' && pos_ + 1 < s_.size() && s_[pos_ + 1] == ';') {
        ++depth;
        advance();
        advance();
      } else if (s_[pos_] == ';' && pos_ + 1 < s_.size() && s_[pos_ + 1] == ')') {
        advance();
        advance();
        if (--depth == 0) return;
      } else {
        advance();
      }
    }
    fail(where, "unclosed comment");
  }

  // An annotation's body is tokens like any other, so its strings and comments may hold parens.
  // `(@id ...)`, the cursor on its '('. The id is identifier characters or a non-empty
  // string; the body is any tokens (nested parens, `@`, the reserved characters
  // `, ; [ ] { }`), but no character a token cannot hold.
  void skip_annotation() {
    const Location where = here();
    uint64_t depth = 0;
    while (true) {
      skip_blank();
      if (pos_ >= s_.size()) fail(where, "unclosed annotation");
      const unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '(') {
        ++depth;
        advance();
        if (depth == 1) {
          advance();  // '@'
          annotation_id();
        }
      } else if (c == ')') {
        advance();
        if (--depth == 0) return;
      } else if (c == '"') {
        scan_string();
      } else if (is_idchar(c) || c == ',' || c == ';' || c == '[' || c == ']' || c == '{' || c == '}') {
        advance();
      } else {
        illegal_character();
      }
    }
  }

  // Where the id of the annotation at the cursor ends when that id is `custom` (spelled so or
  // as the string "custom"), else 0. Reads nothing.
  size_t custom_annotation_end() {
    constexpr std::string_view kCustom = "custom";
    const size_t id = pos_ + 2;
    if (id < s_.size() && s_[id] == '"') {
      const size_t saved = pos_;
      const uint32_t saved_line = line_;
      const size_t saved_line_start = line_start_;
      pos_ = id;
      scan_string();
      const size_t end = pos_;
      const bool custom = string_bytes(Token{TokenKind::String, s_.substr(id, end - id), here(), {}}) == kCustom;
      pos_ = saved;
      line_ = saved_line;
      line_start_ = saved_line_start;
      return custom ? end : 0;
    }
    size_t end = id;
    while (end < s_.size() && is_idchar(static_cast<unsigned char>(s_[end]))) ++end;
    return s_.substr(id, end - id) == kCustom ? end : 0;
  }

  void annotation_id() {
    const Location where = here();
    if (pos_ < s_.size() && s_[pos_] == '"') {
      const size_t start = pos_;
      scan_string();
      const std::string id = string_bytes(Token{TokenKind::String, s_.substr(start, pos_ - start), where, {}});
      if (id.empty()) fail(where, "empty annotation id");
      if (!binary::is_valid_utf8({reinterpret_cast<const uint8_t*>(id.data()), id.size()}))
        fail(where, "malformed UTF-8 encoding in an annotation id");
      return;
    }
    if (pos_ >= s_.size() || !is_idchar(static_cast<unsigned char>(s_[pos_]))) fail(where, "empty annotation id");
  }

  // A character no token may hold: malformed UTF-8, or a well-formed one that is not allowed.
  [[noreturn]] void illegal_character() {
    const size_t n = std::min<size_t>(4, s_.size() - pos_);
    for (size_t len = 2; len <= n; ++len)
      if (binary::is_valid_utf8({reinterpret_cast<const uint8_t*>(s_.data() + pos_), len}))
        fail(here(), "illegal character");
    if (static_cast<unsigned char>(s_[pos_]) >= 0x80) fail(here(), "malformed UTF-8 encoding");
    fail(here(), "illegal character");
  }

  void scan_string() {
    const Location where = here();
    advance();  // the opening quote
    while (true) {
      if (pos_ >= s_.size()) fail(where, "unclosed string");
      const unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        advance();
        return;
      }
      if (c == '\n' || c < 0x20 || c == 0x7F) fail(here(), "malformed string: control character in string");
      if (c == '\\') {
        const Location escape = here();
        advance();
        if (pos_ >= s_.size()) fail(where, "unclosed string");
        const char e = s_[pos_];
        if (e == 't' || e == 'n' || e == 'r' || e == '"' || e == '\'' || e == '\\') {
          advance();
        } else if (e == 'u') {
          advance();
          if (pos_ >= s_.size() || s_[pos_] != '{') fail(escape, "malformed string: bad escape \\u");
          advance();
          uint64_t cp = 0;
          size_t digits = 0;
          bool underscore_ok = false;
          while (pos_ < s_.size() && s_[pos_] != '}') {
            if (s_[pos_] == '_' && underscore_ok) {
              underscore_ok = false;
              advance();
              continue;
            }
            const int d = hex_digit(s_[pos_]);
            if (d < 0) fail(escape, "malformed string: bad escape \\u");
            cp = cp * 16 + static_cast<uint64_t>(d);
            if (cp > 0x10FFFF) fail(escape, "malformed string: escape \\u out of range");
            ++digits;
            underscore_ok = true;
            advance();
          }
          if (pos_ >= s_.size() || digits == 0 || !underscore_ok) fail(escape, "malformed string: bad escape \\u");
          if (cp >= 0xD800 && cp < 0xE000) fail(escape, "malformed string: escape \\u of a surrogate");
          advance();  // '}'
        } else if (pos_ + 1 < s_.size() && hex_digit(e) >= 0 && hex_digit(s_[pos_ + 1]) >= 0) {
          advance();
          advance();
        } else {
          fail(escape, "malformed string: unknown escape");
        }
      } else {
        advance();
      }
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  size_t line_start_ = 0;
};

}  // namespace

Tokens tokenize(std::string_view source) { return Lexer(source).run(); }

std::string string_bytes(const Token& string) {
  const std::string_view s = string.text.substr(1, string.text.size() - 2);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    const char e = s[++i];
    switch (e) {
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case '"': out += '"'; break;
      case '\'': out += '\''; break;
      case '\\': out += '\\'; break;
      case 'u': {
        uint32_t cp = 0;
        for (i += 2; s[i] != '}'; ++i)
          if (s[i] != '_') cp = cp * 16 + static_cast<uint32_t>(hex_digit(s[i]));
        append_utf8(out, cp);
        break;
      }
      default: out += static_cast<char>(hex_digit(e) * 16 + hex_digit(s[i + 1])); ++i;
    }
  }
  return out;
}

}  // namespace stratus::text
