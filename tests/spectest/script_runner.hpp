// Runs the commands of one wast2json script against the engine, in order.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "superseded.hpp"
#include "tally.hpp"

namespace spectest {

struct RunOptions {
  bool verbose = false;              // every failure's details, and the spectest prints
  uint32_t max_failure_details = 10; // per script, when not verbose
  SupersededList superseded;         // assertions held to the opposite (superseded.txt)
};

// Counts each command as passed, failed or skipped into `progress` as soon as it is decided,
// and prints one "FAIL" line per failure (the first few unless verbose) to stdout. A command
// in options.superseded must do what the later spec says instead, and an entry for this
// script that names no command of it fails the script.
void run_script(const std::filesystem::path& json_path, const std::string& display_name, const RunOptions& options,
                ScriptProgress& progress);

}  // namespace spectest
