// Finds the scripts a command-line argument names.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace spectest {

struct ScriptFile {
  std::filesystem::path json;
  std::string display_name;  // "<suite>/<script>", e.g. "wasm-2.0/i32"
};

// `path` may be a script's .json, a script folder (holding <folder>.json), or any folder
// above them; folders are searched in name order so runs are reproducible. Throws
// std::runtime_error when the path does not exist.
std::vector<ScriptFile> find_scripts(const std::filesystem::path& path);

}  // namespace spectest
