// `stratus serve`: a wasi:http/proxy component behind the HTTP server, with the Runtime's
// knobs as flags (runtime_options.hpp).
#pragma once

#include <string>
#include <vector>

namespace stratus::cli {

// The words after `serve`; the exit status.
int serve_command(const std::vector<std::string>& words);

}  // namespace stratus::cli
