// Reading wast2json output (a JSON command list beside numbered .wasm files) for the
// conformance and hand-written rule tests.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "stratus/result.hpp"

namespace stratus::validate::testing {

struct WastCommand {
  std::string type;         // "module", "assert_invalid", "assert_malformed", ...
  std::string module_type;  // "binary" or "text" for assert_* commands; empty for "module"
  std::string filename;     // relative to the JSON file's folder
  std::string text;         // the expected failure message of an assertion
  int line = 0;
};

std::vector<WastCommand> load_commands(const std::filesystem::path& json_path);

std::optional<std::vector<uint8_t>> read_bytes(const std::filesystem::path& path);

// Decodes then validates; the first error from either step.
Result<void> decode_and_validate(const std::vector<uint8_t>& bytes);

// Every wasm-2.0 script folder that has a JSON file, sorted.
std::vector<std::string> spec_script_names(const std::filesystem::path& suite_dir);

}  // namespace stratus::validate::testing
