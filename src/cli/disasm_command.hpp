// `stratus disasm`: prints the interpreter's internal code of a module's functions.
#pragma once

#include <string>
#include <vector>

namespace stratus::cli {

// The subcommand: `words` are the arguments after "disasm". Returns the exit status.
int disasm_command(const std::vector<std::string>& words);

}  // namespace stratus::cli
