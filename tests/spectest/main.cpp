// spectest_runner: runs wast2json spec test scripts against Stratus and prints
// "<suite>/<script>: P passed, F failed, S skipped" per script and a final total line.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "cli/wast/command_list.hpp"
#include "cli/wast/script_runner.hpp"
#include "cli/wast/isolation.hpp"
#include "json_script.hpp"
#include "script_discovery.hpp"

namespace {

using namespace spectest;
using stratus::wast::IsolatedOutcome;
using stratus::wast::load_command_list;
using stratus::wast::run_in_process;
using stratus::wast::run_isolated;
using stratus::wast::RunOptions;
using stratus::wast::ScriptProgress;
using stratus::wast::Tally;

// Reads the script, then runs its commands; an unreadable script counts as one failure.
void run_script(const ScriptFile& script, const RunOptions& options, ScriptProgress& progress) {
  std::vector<stratus::text::Command> commands;
  try {
    commands = read_json_script(script.json);
  } catch (const std::exception& e) {
    progress.total_commands = progress.commands_done = 1;
    progress.tally.failed = 1;
    std::printf("  FAIL %s: [unreadable script] %s\n", script.display_name.c_str(), e.what());
    return;
  }
  stratus::wast::run_commands(commands, script.display_name, options, progress);
}

struct CommandLine {
  RunOptions run;
  bool fork_per_script = true;
  std::chrono::seconds timeout{120};
  std::vector<std::string> paths;
};

void print_usage() {
  std::fputs(
      "usage: spectest_runner [--verbose] [--no-fork] [--timeout SECONDS] [--max-details N] <dir or json>...\n"
      "  A directory may be a suite folder (e.g. wasm-2.0), one script's folder, or any folder above.\n"
      "  --verbose       print every failure and the spectest module's print calls\n"
      "  --no-fork       run scripts in this process (for a debugger; a crash ends the run)\n"
      "  --timeout S     per-script limit when forking (default 120)\n"
      "  --max-details N failures detailed per script without --verbose (default 10)\n",
      stderr);
}

bool parse_command_line(int argc, char** argv, CommandLine& cl) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto next_number = [&](unsigned long& out) {
      if (i + 1 >= argc) return false;
      char* end = nullptr;
      out = std::strtoul(argv[++i], &end, 10);
      return end && *end == '\0';
    };
    unsigned long n = 0;
    if (arg == "--verbose" || arg == "-v") {
      cl.run.verbose = true;
    } else if (arg == "--no-fork") {
      cl.fork_per_script = false;
    } else if (arg == "--timeout") {
      if (!next_number(n) || n == 0) return false;
      cl.timeout = std::chrono::seconds(n);
    } else if (arg == "--max-details") {
      if (!next_number(n)) return false;
      cl.run.max_failure_details = static_cast<uint32_t>(n);
    } else if (arg == "--help" || arg == "-h" || arg.starts_with("-")) {
      return false;
    } else {
      cl.paths.emplace_back(arg);
    }
  }
  return !cl.paths.empty();
}

}  // namespace

int main(int argc, char** argv) {
  CommandLine cl;
  if (!parse_command_line(argc, argv, cl)) {
    print_usage();
    return 2;
  }

  try {
    // Built in, so that running the runner by hand judges exactly as CTest does.
    cl.run.superseded = load_command_list(SPECTEST_LISTS_DIR "/superseded.txt");
    cl.run.known_failures = load_command_list(SPECTEST_LISTS_DIR "/known_failures.txt");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "spectest: %s\n", e.what());
    return 2;
  }

  std::vector<ScriptFile> scripts;
  for (const std::string& path : cl.paths) {
    try {
      auto found = find_scripts(path);
      if (found.empty()) throw std::runtime_error("no spec test scripts under " + path);
      scripts.insert(scripts.end(), found.begin(), found.end());
    } catch (const std::exception& e) {
      std::fprintf(stderr,
                   "spectest: %s\n  The spec test data lives in ../shared/spectest beside the source tree; "
                   "point CMake at it with -DSTRATUS_SPECTEST_DIR=<dir>.\n",
                   e.what());
      return 2;
    }
  }

  Tally total;
  for (const ScriptFile& script : scripts) {
    auto body = [&](ScriptProgress& progress) { run_script(script, cl.run, progress); };
    const IsolatedOutcome outcome = cl.fork_per_script ? run_isolated(body, cl.timeout) : run_in_process(body);
    if (!outcome.abnormal_end.empty())
      std::printf("  ABORTED %s: %s\n", script.display_name.c_str(), outcome.abnormal_end.c_str());
    std::printf("%s: %llu passed, %llu failed, %llu skipped\n", script.display_name.c_str(),
                static_cast<unsigned long long>(outcome.tally.passed),
                static_cast<unsigned long long>(outcome.tally.failed),
                static_cast<unsigned long long>(outcome.tally.skipped));
    std::fflush(stdout);
    total += outcome.tally;
  }
  std::printf("spectest: %llu passed, %llu failed, %llu skipped\n", static_cast<unsigned long long>(total.passed),
              static_cast<unsigned long long>(total.failed), static_cast<unsigned long long>(total.skipped));
  return total.failed == 0 ? 0 : 1;
}
