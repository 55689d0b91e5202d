#include "component/wave/lexer.hpp"

namespace stratus::component::wave {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

}  // namespace

const char* token_name(Token t) {
  switch (t) {
    case Token::BraceOpen: return "BraceOpen";
    case Token::BraceClose: return "BraceClose";
    case Token::ParenOpen: return "ParenOpen";
    case Token::ParenClose: return "ParenClose";
    case Token::BracketOpen: return "BracketOpen";
    case Token::BracketClose: return "BracketClose";
    case Token::Colon: return "Colon";
    case Token::Comma: return "Comma";
    case Token::Number: return "Number";
    case Token::LabelOrKeyword: return "LabelOrKeyword";
    case Token::Char: return "Char";
    case Token::String: return "String";
    case Token::MultilineString: return "MultilineString";
  }
  return "?";
}

std::string span_text(Span s) { return "at " + std::to_string(s.start) + ".." + std::to_string(s.end); }

Error wave_error(std::string what, Span s) {
  return Error(ErrorKind::Argument, std::move(what) + " " + span_text(s));
}

size_t match_label_at(std::string_view text, size_t at, bool allow_percent) {
  size_t i = at;
  if (allow_percent && i < text.size() && text[i] == '%') ++i;
  // First word: a letter, then letters or digits of the same case.
  if (i >= text.size()) return 0;
  bool lower;
  if (is_lower(text[i])) {
    lower = true;
  } else if (is_upper(text[i])) {
    lower = false;
  } else {
    return 0;
  }
  ++i;
  while (i < text.size() && (is_digit(text[i]) || (lower ? is_lower(text[i]) : is_upper(text[i])))) ++i;
  // Further words: `-` then digits and letters of one case (a word may start with a digit).
  while (i + 1 < text.size() && text[i] == '-') {
    size_t j = i + 1;
    int word_case = 0;  // 0 digits only so far, 1 lower, 2 upper
    size_t k = j;
    for (; k < text.size(); ++k) {
      char c = text[k];
      if (is_digit(c)) continue;
      int cc = is_lower(c) ? 1 : is_upper(c) ? 2 : 0;
      if (cc == 0) break;
      if (word_case != 0 && word_case != cc) break;
      word_case = cc;
    }
    if (k == j) break;
    i = k;
  }
  return i - at;
}

size_t Lexer::char_len(size_t at) const {
  const auto b = static_cast<unsigned char>(text_[at]);
  size_t n = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
  return std::min(n, text_.size() - at);
}

void Lexer::skip_trivia() {
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++pos_;
    } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
      while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
    } else {
      return;
    }
  }
}

// `\` followed by one of ' " t n r \, or u{1 to 6 hex digits}. Advances `at` past it.
bool Lexer::match_escape(size_t& at) const {
  if (at + 1 >= text_.size() || text_[at] != '\\') return false;
  char c = text_[at + 1];
  if (c == '\'' || c == '"' || c == 't' || c == 'n' || c == 'r' || c == '\\') {
    at += 2;
    return true;
  }
  if (c != 'u' || at + 2 >= text_.size() || text_[at + 2] != '{') return false;
  size_t i = at + 3;
  size_t digits = 0;
  while (i < text_.size() && is_hex(text_[i]) && digits < 6) {
    ++i;
    ++digits;
  }
  if (digits == 0 || i >= text_.size() || text_[i] != '}') return false;
  at = i + 1;
  return true;
}

size_t Lexer::match_number(size_t at) const {
  size_t i = at;
  if (i < text_.size() && text_[i] == '-') {
    ++i;
    // `-inf` is a token even when letters follow (`-infinity` is `-inf` then `inity`).
    if (text_.substr(i, 3) == "inf") return i + 3 - at;
  }
  if (i >= text_.size() || !is_digit(text_[i])) return 0;
  if (text_[i] == '0') {
    ++i;
  } else {
    while (i < text_.size() && is_digit(text_[i])) ++i;
  }
  if (i + 1 < text_.size() && text_[i] == '.' && is_digit(text_[i + 1])) {
    i += 2;
    while (i < text_.size() && is_digit(text_[i])) ++i;
  }
  if (i < text_.size() && (text_[i] == 'e' || text_[i] == 'E')) {
    size_t j = i + 1;
    if (j < text_.size() && (text_[j] == '+' || text_[j] == '-')) ++j;
    if (j < text_.size() && is_digit(text_[j])) {
      while (j < text_.size() && is_digit(text_[j])) ++j;
      i = j;
    }
  }
  return i - at;
}

Result<std::optional<Lexed>> Lexer::next() {
  skip_trivia();
  if (pos_ >= text_.size()) return std::optional<Lexed>{};
  const size_t start = pos_;
  auto token = [&](Token t, size_t len) -> Result<std::optional<Lexed>> {
    pos_ = start + len;
    return std::optional<Lexed>{Lexed{t, Span{start, pos_}}};
  };
  // An error covers what was read up to the character that fits no token (at least one).
  auto invalid = [&](size_t stop) -> Result<std::optional<Lexed>> {
    size_t end = std::max(stop, start + char_len(start));
    return wave_error("invalid token", Span{start, end});
  };
  switch (text_[start]) {
    case '{': return token(Token::BraceOpen, 1);
    case '}': return token(Token::BraceClose, 1);
    case '(': return token(Token::ParenOpen, 1);
    case ')': return token(Token::ParenClose, 1);
    case '[': return token(Token::BracketOpen, 1);
    case ']': return token(Token::BracketClose, 1);
    case ':': return token(Token::Colon, 1);
    case ',': return token(Token::Comma, 1);
    case '\'': {
      size_t i = start + 1;
      if (i < text_.size() && text_[i] == '\\') {
        if (!match_escape(i)) return invalid(start + 1);
      } else {
        // One to four characters other than \ ' and newline; more than one is an error
        // covering the whole would-be literal.
        size_t count = 0;
        while (i < text_.size() && count < 4 && text_[i] != '\\' && text_[i] != '\'' && text_[i] != '\n') {
          i += char_len(i);
          ++count;
        }
        if (count == 0) return invalid(start + 1);
        if (i >= text_.size() || text_[i] != '\'') return invalid(i);
        if (count > 1) return invalid(i + 1);
      }
      if (i >= text_.size() || text_[i] != '\'') return invalid(i);
      return token(Token::Char, i + 1 - start);
    }
    case '"': {
      if (text_.substr(start, 3) == "\"\"\"") {
        size_t close = text_.find("\"\"\"", start + 3);
        if (close == std::string_view::npos) return invalid(start + 3);
        return token(Token::MultilineString, close + 3 - start);
      }
      size_t i = start + 1;
      while (i < text_.size() && text_[i] != '"') {
        if (text_[i] == '\n') return invalid(i);
        if (text_[i] == '\\') {
          if (!match_escape(i)) return invalid(i);
        } else {
          i += char_len(i);
        }
      }
      if (i >= text_.size()) return invalid(i);
      return token(Token::String, i + 1 - start);
    }
    default: break;
  }
  if (size_t n = match_number(start)) return token(Token::Number, n);
  if (size_t n = match_label_at(text_, start, true)) return token(Token::LabelOrKeyword, n);
  return invalid(start + 1);
}

}  // namespace stratus::component::wave
