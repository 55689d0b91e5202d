// `stratus print`: prints a module binary as the WebAssembly text format.
#pragma once

#include <string>
#include <vector>

namespace stratus::cli {

// The subcommand: `words` are the arguments after "print". Returns the exit status.
int print_command(const std::vector<std::string>& words);

}  // namespace stratus::cli
