// `stratus serve` is the stratus-serve executable beside `stratus` (see CMakeLists.txt):
// this replaces the process with it, passing the words after `serve`.
#pragma once

#include <string>
#include <vector>

namespace stratus::cli {

// Returns only when stratus-serve cannot be run (a usage error naming the path tried).
int launch_serve(const std::vector<std::string>& words);

}  // namespace stratus::cli
