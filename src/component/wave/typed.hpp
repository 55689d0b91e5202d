// From an untyped WAVE tree to a Val of a known type, with wasm-wave's rules for what each
// node may stand for (a flat payload for `some`/`ok`, omitted `none` fields, `%` labels).
#pragma once

#include <string_view>

#include "component/types/types.hpp"
#include "component/wave/ast.hpp"
#include "stratus/component/val.hpp"
#include "stratus/result.hpp"

namespace stratus::component::wave {

// `src` is the text the node's spans point into.
Result<Val> to_val(const Node& node, ValType type, const TypeTables& types, std::string_view src);

// Decodes the escape at the start of `s` (which starts with `\`): the character and the
// escape's length, or nothing for an escape WAVE does not have or a code point that is no
// Unicode scalar value.
struct Unescaped {
  char32_t c;
  size_t length;
};
std::optional<Unescaped> unescape(std::string_view s);

// Appends `c` to `out` as UTF-8.
void append_utf8(std::string& out, char32_t c);
// The code point at the start of `s` (valid UTF-8, not empty) and its length in bytes.
Unescaped decode_utf8(std::string_view s);

}  // namespace stratus::component::wave
