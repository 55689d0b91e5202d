// Text a guest chose (function, module, import and export names) made safe to show a person:
// a name holding a newline or terminal escape codes must not forge backtrace lines or reach
// the terminal as commands, and a megabyte-long name must not be printed whole.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace stratus {

// The output budget for one name, and for a whole one-line message that may hold names.
inline constexpr size_t kPrintableNameBytes = 256;
inline constexpr size_t kPrintableMessageBytes = 4096;

// `text` as one line that a terminal shows literally. Printable UTF-8 is kept as it is;
// \n, \r and \t are written so; other ASCII controls and bytes that are not valid UTF-8
// become \xNN; code points that are invisible or move the cursor or the reading order (C1
// controls, line and paragraph separators, bidirectional controls, zero-width characters,
// the byte-order mark, tag characters) become \u{NNNN}. When the result would pass
// `max_bytes` it is cut at a character boundary and ends with "… (N bytes)", N being the
// length of `text`. Backslashes are not doubled: the result is for reading, not for parsing
// back, and text that is already printable and short enough passes unchanged, so a message
// holding escaped names can be escaped again by whatever prints it.
std::string printable(std::string_view text, size_t max_bytes = kPrintableNameBytes);
// The same for `text` that is the start of something `whole_bytes` long (a name a backtrace
// kept only the start of): the result ends in "… (whole_bytes bytes)" when it is longer.
std::string printable(std::string_view text, size_t max_bytes, uint64_t whole_bytes);

}  // namespace stratus
