// `stratus wat2wasm`: converts a module's text to its binary.
#pragma once

#include <string>
#include <vector>

namespace stratus::cli {

// The subcommand: `words` are the arguments after "wat2wasm". Returns the exit status.
int wat2wasm_command(const std::vector<std::string>& words);

}  // namespace stratus::cli
