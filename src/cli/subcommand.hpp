// The parse every simple subcommand (`stratus wit`, `disasm`, `wast`) does of its words.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}  // namespace CLI

namespace stratus::cli {

// Parses `words` (the arguments after the subcommand's name) into `app`. Returns nothing when
// the command should go on, else its exit status: 0 after printing --help, the usage status
// after printing what was wrong and how to get help.
std::optional<int> parse_subcommand(CLI::App& app, const std::vector<std::string>& words, const std::string& name);

}  // namespace stratus::cli
