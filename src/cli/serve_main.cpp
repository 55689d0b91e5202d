// stratus-serve: what `stratus serve` runs (serve_launch.cpp), a separate executable so
// that only it loads libcurl and OpenSSL.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "cli/exit_codes.hpp"
#include "cli/serve_command.hpp"

int main(int argc, char** argv) {
  try {
    return stratus::cli::serve_command(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& e) {  // e.g. bad_alloc: report, never crash
    std::fprintf(stderr, "stratus: error: %s\n", e.what());
    return stratus::cli::kExitUsage;
  }
}
