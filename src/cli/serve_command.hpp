// `stratus serve`: a wasi:http/proxy component behind the HTTP server, with the Runtime's
// knobs as flags (runtime_options.hpp).
#pragma once

#include <string>
#include <vector>

namespace stratus::cli {

int serve_command(const std::vector<std::string>& words);
// `stratus help serve`.
std::string serve_help();

}  // namespace stratus::cli
