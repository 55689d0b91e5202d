// Runs a spec script's commands against the engine, in order: the one runner behind both
// `stratus wast` (scripts read from .wast) and the spec suite's JSON runner (from wast2json).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/wast/command_list.hpp"
#include "cli/wast/tally.hpp"
#include "text/script.hpp"

namespace stratus::wast {

struct RunOptions {
  bool verbose = false;               // every failure's details, and the spectest prints
  uint32_t max_failure_details = 10;  // per script, when not verbose
  CommandList superseded;             // assertions held to the opposite (superseded.txt)
  CommandList known_failures;         // commands that must fail, for now (known_failures.txt)
};

// Counts each command as passed, failed or skipped into `progress` as soon as it is decided,
// and prints one "FAIL" line per failure (the first few unless verbose) to stdout. A command
// in options.superseded must do what the later spec says instead; one in
// options.known_failures counts as skipped when it fails and as failed when it passes (so
// the list shrinks as the engine grows). An entry of either list that names no command of
// the script fails it. `display_name` ("<suite>/<script>") is what the lists' keys start with.
void run_commands(const std::vector<text::Command>& commands, const std::string& display_name,
                  const RunOptions& options, ScriptProgress& progress);

// "<suite>/<script>" for a script file: `.../wasm-2.0/address/address.wast` (or `.json`)
// is "wasm-2.0/address", a script outside a folder of its own name is "<folder>/<stem>".
std::string script_display_name(const std::string& path);

}  // namespace stratus::wast
