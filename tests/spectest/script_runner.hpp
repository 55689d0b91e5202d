// Runs the commands of one wast2json script against the engine, in order.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "tally.hpp"

namespace spectest {

struct RunOptions {
  bool verbose = false;              // every failure's details, and the spectest prints
  uint32_t max_failure_details = 10; // per script, when not verbose
};

// Counts each command as passed, failed or skipped into `progress` as soon as it is decided,
// and prints one "FAIL" line per failure (the first few unless verbose) to stdout.
void run_script(const std::filesystem::path& json_path, const std::string& display_name, const RunOptions& options,
                ScriptProgress& progress);

}  // namespace spectest
