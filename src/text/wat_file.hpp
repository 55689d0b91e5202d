// A .wat file converted to a .wasm file: what `stratus wat2wasm` and the build's fixture tool
// (wat2wasm_tool.cpp) both do.
#pragma once

#include <string>

#include "stratus/result.hpp"
#include "stratus/text.hpp"

namespace stratus::text {

// The binary of the text in `wat_path`, written to `wasm_path` only when the whole text
// converted (a failed conversion leaves no partial file for a build to take as current).
// Errors: ErrorKind::Io naming the file that could not be read or written, or the text's
// ErrorKind::Malformed error with the path before its line and column ("a.wat:3:14: ...").
Result<void> convert_wat_file(const std::string& wat_path, const std::string& wasm_path, const WatOptions& options);

// `FILE.wat` → `FILE.wasm` (a path with no extension gets `.wasm` appended), as wabt's
// wat2wasm names its output when none is given.
std::string default_wasm_path(const std::string& wat_path);

}  // namespace stratus::text
