// `stratus run`: load a module, give it WASI, and run _start or one --invoke'd export.
#pragma once

#include "cli/run_options.hpp"

namespace stratus::cli {

// Returns the process exit status (see exit_codes.hpp). Never throws.
int run_module(const RunOptions& options);

}  // namespace stratus::cli
