#include "text/printer/text_out.hpp"

#include <algorithm>
#include <charconv>

namespace stratus::text::printer {

void TextOut::line(uint32_t depth) {
  if (!out_.empty()) out_.push_back('\n');
  out_.append(2 * static_cast<size_t>(std::min(depth, kMaxIndent)), ' ');
}

TextOut& TextOut::operator<<(uint64_t n) {
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
  out_.append(buf, end);
  return *this;
}

void TextOut::string(std::span<const uint8_t> bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  out_.push_back('"');
  for (const uint8_t b : bytes) {
    if (b >= 0x20 && b < 0x7F && b != '"' && b != '\\') {
      out_.push_back(static_cast<char>(b));
    } else {
      out_.push_back('\\');
      out_.push_back(kHex[b >> 4]);
      out_.push_back(kHex[b & 0xF]);
    }
  }
  out_.push_back('"');
}

void TextOut::string(std::string_view bytes) {
  string(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
}

}  // namespace stratus::text::printer
