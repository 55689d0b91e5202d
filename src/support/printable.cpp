// printable(): guest-chosen text escaped and cut for people to read.
#include "stratus/printable.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace stratus {

namespace {

bool continuation(uint8_t b) { return (b & 0xc0) == 0x80; }

// Length of the well-formed UTF-8 sequence at text[i] (Unicode's table 3-7: no overlong
// forms, no surrogates, nothing past U+10FFFF), with its code point; 0 if there is none.
size_t utf8_sequence(std::string_view text, size_t i, char32_t& code_point) {
  const auto at = [&](size_t k) { return static_cast<uint8_t>(text[i + k]); };
  const uint8_t b0 = at(0);
  if (b0 < 0x80) {
    code_point = b0;
    return 1;
  }
  size_t length = 0;
  uint8_t low = 0x80, high = 0xbf;  // the range of the second byte
  if (b0 >= 0xc2 && b0 <= 0xdf) length = 2;
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    length = 3;
    if (b0 == 0xe0) low = 0xa0;
    if (b0 == 0xed) high = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    length = 4;
    if (b0 == 0xf0) low = 0x90;
    if (b0 == 0xf4) high = 0x8f;
  } else {
    return 0;
  }
  if (text.size() - i < length || at(1) < low || at(1) > high) return 0;
  for (size_t k = 2; k < length; ++k)
    if (!continuation(at(k))) return 0;
  char32_t c = b0 & (0xff >> (length + 1));
  for (size_t k = 1; k < length; ++k) c = (c << 6) | (at(k) & 0x3f);
  code_point = c;
  return length;
}

// Code points that print nothing, or reorder, join or break the text around them.
bool invisible(char32_t c) {
  return (c >= 0x80 && c <= 0x9f) || c == 0xad || c == 0x61c || (c >= 0x200b && c <= 0x200f) ||
         (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x206f) || c == 0xfeff ||
         (c >= 0xfff9 && c <= 0xfffb) || (c >= 0xe0000 && c <= 0xe007f);
}

std::string escaped_byte(uint8_t b) {
  switch (b) {
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default: break;
  }
  char hex[8];
  std::snprintf(hex, sizeof hex, "\\x%02x", b);
  return hex;
}

std::string escaped_code_point(char32_t c) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "\\u{%x}", static_cast<unsigned>(c));
  return hex;
}

}  // namespace

std::string printable(std::string_view text, size_t max_bytes) { return printable(text, max_bytes, text.size()); }

std::string printable(std::string_view text, size_t max_bytes, uint64_t whole_bytes) {
  const auto cut = [&](std::string out) {
    return out + "\u2026 (" + std::to_string(std::max<uint64_t>(whole_bytes, text.size())) + " bytes)";
  };
  std::string out;
  out.reserve(text.size() < max_bytes ? text.size() : max_bytes);
  for (size_t i = 0; i < text.size();) {
    char32_t c = 0;
    const size_t length = utf8_sequence(text, i, c);
    std::string piece;
    if (length == 0) piece = escaped_byte(static_cast<uint8_t>(text[i]));
    else if (c < 0x20 || c == 0x7f) piece = escaped_byte(static_cast<uint8_t>(c));
    else if (invisible(c)) piece = escaped_code_point(c);
    else piece.assign(text.substr(i, length));
    if (out.size() + piece.size() > max_bytes) return cut(std::move(out));
    out += piece;
    i += length == 0 ? 1 : length;
  }
  return whole_bytes > text.size() ? cut(std::move(out)) : out;
}

}  // namespace stratus
