// The checked-in lists of spec commands that are judged otherwise than the script says, each
// with its reason: superseded.txt (assertions a later spec revision reversed) and
// known_failures.txt (what Stratus cannot pass yet). Shared by the spec runner and
// validate_tests.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace stratus::wast {

// "<suite>/<script>:<line>" -> the reason.
using CommandList = std::map<std::string, std::string>;

// Reads lines of "<suite>/<script>:<line> <reason>"; blank lines and lines starting with '#'
// are ignored. Throws std::runtime_error naming the file and line of anything else.
CommandList load_command_list(const std::filesystem::path& path);

inline std::string command_key(const std::string& script_display_name, unsigned line) {
  return script_display_name + ":" + std::to_string(line);
}

// How many entries of `list` belong to the script.
size_t entries_of_script(const CommandList& list, const std::string& script_display_name);

}  // namespace stratus::wast
