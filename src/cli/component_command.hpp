// `stratus run` of a component, and `stratus wit`.
#pragma once

#include <string>
#include <vector>

#include "cli/run_options.hpp"
#include "stratus/engine.hpp"

namespace stratus::cli {

// Whether the file starts with a component's preamble (false when it cannot be read: the
// module path then reports the error).
bool file_is_component(const std::string& path);

// Instantiates the component and runs `--invoke 'name(args)'` (WAVE arguments, WAVE
// results on stdout, as wasmtime's `run --invoke` prints them). Without --invoke a
// component's `wasi:cli/run` would run, which needs WASI 0.2: a usage error says so.
int run_component(const RunOptions& options, const Engine& engine);

// `stratus wit FILE`: the component's world as WIT. `words` are the arguments after "wit".
int wit_command(const std::vector<std::string>& words);

}  // namespace stratus::cli
