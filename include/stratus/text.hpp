// The WebAssembly text format: a module written as text (.wat) encoded as its binary.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "stratus/result.hpp"

namespace stratus::text {

// Whether `bytes` are meant as text rather than a binary: the first thing in them that is not
// white space is a '(' or a comment. A binary starts with "\0asm", and so any bytes that are
// neither go to the binary decoder, which names what is wrong with them.
bool looks_like_text(std::span<const uint8_t> bytes);

struct WatOptions {
  // Also write a "name" custom section from the text's `$ids` (the module's, functions',
  // locals', types', tables', memories', globals' and segments'), byte for byte as
  // `wat2wasm --debug-names` (wabt 1.0.32) writes it, so that backtraces name functions.
  bool debug_names = false;
};

// The binary of the module `text` writes: `(module $name? field*)`, or its fields alone.
// `(@custom "name" place? "data"*)` annotations between the fields are custom sections.
// A text that is not a well-formed module is an ErrorKind::Malformed error whose message
// starts with the line and column of the problem ("3:14: unknown operator i32.ad").
// What the text leaves to validation (types, index ranges, ...) is left to it: the binary
// may still be invalid.
Result<std::vector<uint8_t>> wat_to_binary(std::string_view text, const WatOptions& options = {});

}  // namespace stratus::text
