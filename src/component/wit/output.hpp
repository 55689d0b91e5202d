// Indented text as wasm-tools' WIT printer writes it: two spaces a level, a block opened by
// " {" at the end of a line, closed by "}" on its own line, and no spaces on blank lines.
#pragma once

#include <string>
#include <string_view>

namespace stratus::component::wit {

class Output {
 public:
  void str(std::string_view s) {
    indent_if_needed();
    text_ += s;
  }
  void newline() {
    text_ += '\n';
    needs_indent_ = true;
  }
  void semicolon() {
    text_ += ';';
    newline();
  }
  void block_start() {
    text_ += " {";
    ++indent_;
    newline();
  }
  void block_end() {
    if (indent_ > 0) --indent_;
    indent_if_needed();
    text_ += '}';
    newline();
  }
  std::string take() { return std::move(text_); }

 private:
  void indent_if_needed() {
    if (!needs_indent_) return;
    for (size_t i = 0; i < indent_; ++i) text_ += "  ";
    needs_indent_ = false;
  }

  std::string text_;
  size_t indent_ = 0;
  bool needs_indent_ = false;
};

}  // namespace stratus::component::wit
