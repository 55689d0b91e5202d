// The WebAssembly text format: a module written as text (.wat) encoded as its binary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
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
// A text whose first form is `(component ...)` is a component, encoded as `wasm-tools parse`
// (`jco parse`) encodes it, its names included whatever `options` say (a "component-name"
// section, and each core module's "name" section in wasm-tools' shape).
// A text that is not a well-formed module is an ErrorKind::Malformed error whose message
// starts with the line and column of the problem ("3:14: unknown operator i32.ad").
// What the text leaves to validation (types, index ranges, ...) is left to it: the binary
// may still be invalid.
Result<std::vector<uint8_t>> wat_to_binary(std::string_view text, const WatOptions& options = {});

struct PrintOptions {
  // Functions and locals by the name section's names, as $ids (where they are valid ids and
  // unique); otherwise everything by index.
  bool names = true;
  // Custom sections other than "name" as `(@custom "name" (after sec) "bytes")` annotations.
  bool custom_sections = true;
  // A binary may state 50,000 locals in 3 bytes: printing more text than this is refused
  // (ErrorKind::Resource) rather than exhausting memory.
  size_t max_output_bytes = size_t{1} << 30;
};

// The text of the module `bytes` encodes, which wat_to_binary reads back. Bytes that do not
// decode are the decoder's ErrorKind::Malformed error; a module that decodes is printed
// whether or not it validates.
Result<std::string> binary_to_wat(std::span<const uint8_t> bytes, const PrintOptions& options = {});

}  // namespace stratus::text
