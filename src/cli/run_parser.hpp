// `stratus run`'s command line, shared by `stratus` and by stratus-serve, which runs the
// components that import wasi:http (cli/component_command.hpp).
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace stratus::cli {

// `words` are the words after `run`, views of main's argv (a guest's arguments are passed on
// without copying). Parses them, then runs the module or component; returns the exit status.
int run_command(std::span<const std::string_view> words);

// The options of `stratus run`, as `stratus help run` prints them.
std::string run_help();

}  // namespace stratus::cli
