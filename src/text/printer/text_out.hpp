// The text a printer appends to: lines indented by nesting depth, with the indentation capped
// so that a body nested 100,000 deep prints in linear space, and a cap on the whole output so
// that a small binary claiming huge repetitions (50,000 locals in 3 bytes) is refused instead
// of exhausting memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace stratus::text::printer {

class TextOut {
 public:
  explicit TextOut(size_t max_bytes) : max_bytes_(max_bytes) {}

  // Starts a line at `depth` levels of indentation (at most kMaxIndent).
  void line(uint32_t depth);
  TextOut& operator<<(std::string_view s) {
    out_.append(s);
    return *this;
  }
  TextOut& operator<<(char c) {
    out_.push_back(c);
    return *this;
  }
  TextOut& operator<<(uint64_t n);
  TextOut& operator<<(uint32_t n) { return *this << uint64_t{n}; }
  // `bytes` as a text string: printable ASCII as itself, everything else as \hh.
  void string(std::span<const uint8_t> bytes);
  void string(std::string_view bytes);

  bool over_limit() const { return out_.size() > max_bytes_; }
  size_t max_bytes() const { return max_bytes_; }
  std::string take() { return std::move(out_); }

  static constexpr uint32_t kMaxIndent = 32;

 private:
  std::string out_;
  size_t max_bytes_;
};

}  // namespace stratus::text::printer
