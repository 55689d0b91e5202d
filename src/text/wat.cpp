#include <string>

#include "stratus/text.hpp"
#include "text/component/component_parser.hpp"
#include "text/cursor.hpp"
#include "text/lexer.hpp"
#include "text/module_parser.hpp"

namespace stratus::text {

bool looks_like_text(std::span<const uint8_t> bytes) {
  for (size_t i = 0; i < bytes.size(); ++i) {
    const uint8_t b = bytes[i];
    if (b == ' ' || b == '\t' || b == '\n' || b == '\r') continue;
    return b == '(' || (b == ';' && i + 1 < bytes.size() && bytes[i + 1] == ';');
  }
  return false;
}

Result<std::vector<uint8_t>> wat_to_binary(std::string_view text, const WatOptions& options) {
  try {
    const Tokens tokens = tokenize(text);
    Cursor c(tokens.list);
    const bool component = c.at_form("component");
    std::vector<uint8_t> binary = component ? component::encode_component(c, options) : encode_module(c, options);
    if (!c.at(TokenKind::End)) c.unexpected(component ? "the end of the component" : "the end of the module");
    return binary;
  } catch (const TextError& e) {
    return Error(ErrorKind::Malformed, e.to_string());
  } catch (const std::bad_alloc&) {
    return Error(ErrorKind::Resource, "out of memory parsing a text module or component");
  }
}

}  // namespace stratus::text
