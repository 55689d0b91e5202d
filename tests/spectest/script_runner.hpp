// Runs the commands of one wast2json script against the engine, in order.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "command_list.hpp"
#include "tally.hpp"

namespace spectest {

struct RunOptions {
  bool verbose = false;              // every failure's details, and the spectest prints
  uint32_t max_failure_details = 10; // per script, when not verbose
  CommandList superseded;            // assertions held to the opposite (superseded.txt)
  CommandList known_failures;        // commands that must fail, for now (known_failures.txt)
};

// Counts each command as passed, failed or skipped into `progress` as soon as it is decided,
// and prints one "FAIL" line per failure (the first few unless verbose) to stdout. A command
// in options.superseded must do what the later spec says instead; one in
// options.known_failures counts as skipped when it fails and as failed when it passes (so
// the list shrinks as the engine grows). An entry of either list that names no command of
// the script fails it.
void run_script(const std::filesystem::path& json_path, const std::string& display_name, const RunOptions& options,
                ScriptProgress& progress);

}  // namespace spectest
