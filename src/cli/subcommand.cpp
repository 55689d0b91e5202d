#include "cli/subcommand.hpp"

#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/exit_codes.hpp"

namespace stratus::cli {

std::optional<int> parse_subcommand(CLI::App& app, const std::vector<std::string>& words, const std::string& name) {
  std::vector<std::string> reversed(words.rbegin(), words.rend());  // CLI11 parses from the back
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "stratus: error: %s\nRun 'stratus %s --help' for usage.\n", e.what(), name.c_str());
    return kExitUsage;
  }
  return std::nullopt;
}

}  // namespace stratus::cli
