// The Unicode properties WAVE's writer needs to decide which characters it writes as
// `\u{..}` escapes, as Rust's `char::escape_debug` (which wasm-wave uses) decides.
#pragma once

namespace stratus::component::wave {

// Grapheme_Extend: combining marks and the like, escaped so they cannot join the quote.
bool is_grapheme_extend(char32_t c);
// Rust's `is_printable`: false for controls, format characters, surrogates, private use,
// unassigned code points and separators other than the space.
bool is_printable(char32_t c);

}  // namespace stratus::component::wave
