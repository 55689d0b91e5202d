// The checked-in list of spec-suite assertions a later spec revision reversed
// (tests/spectest/superseded.txt), shared by the spec runner and validate_tests.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace spectest {

// "<suite>/<script>:<line>" -> why the assertion no longer holds.
using SupersededList = std::map<std::string, std::string>;

// Throws std::runtime_error naming the file and line of anything it cannot read.
SupersededList load_superseded(const std::filesystem::path& path);

inline std::string superseded_key(const std::string& script_display_name, unsigned line) {
  return script_display_name + ":" + std::to_string(line);
}

}  // namespace spectest
