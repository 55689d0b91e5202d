// `stratus wast`: runs spec test scripts (.wast) as `wasmtime wast` does.
#pragma once

#include <string>
#include <vector>

namespace stratus::cli {

// The subcommand: `words` are the arguments after "wast". Returns 0 when no command failed,
// 1 when one did, and the usage status for bad arguments or an unreadable file.
int wast_command(const std::vector<std::string>& words);

}  // namespace stratus::cli
