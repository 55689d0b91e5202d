#include "cli/wast_command.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>

#include <CLI/CLI.hpp>

#include "cli/exit_codes.hpp"
#include "cli/subcommand.hpp"
#include "cli/wast/isolation.hpp"
#include "cli/wast/script_runner.hpp"
#include "text/script.hpp"

namespace stratus::cli {

namespace {

void print_tally(const std::string& name, const wast::Tally& t) {
  std::printf("%s: %llu passed, %llu failed, %llu skipped\n", name.c_str(), static_cast<unsigned long long>(t.passed),
              static_cast<unsigned long long>(t.failed), static_cast<unsigned long long>(t.skipped));
  std::fflush(stdout);
}

}  // namespace

int wast_command(const std::vector<std::string>& words) {
  CLI::App app{"Run WebAssembly spec test scripts (.wast) against the spectest host module.", "stratus wast"};
  std::vector<std::string> paths;
  std::string superseded, known_failures;
  wast::RunOptions options;
  app.add_flag("--verbose,-v", options.verbose, "Print every failure and the spectest module's print calls");
  app.add_option(
         "--superseded", superseded,
         "A list of '<suite>/<script>:<line> reason' assertions a later spec reversed (must pass the other way)")
      ->type_name("FILE");
  app.add_option("--known-failures", known_failures,
                 "A list of '<suite>/<script>:<line> reason' commands expected to fail (counted as skipped)")
      ->type_name("FILE");
  bool in_process = false;
  unsigned timeout_seconds = 120;
  app.add_flag("--no-fork", in_process,
               "Run every script in this process (for a debugger) instead of one child process each, where a "
               "crash or hang costs that script only");
  app.add_option("--timeout", timeout_seconds, "Seconds a script's child may run before it is killed")
      ->capture_default_str()
      ->check(CLI::Range(1u, 86400u))
      ->type_name("SECONDS");
  app.add_option("scripts", paths, "The .wast files")->required()->type_name("FILE.wast...");
  if (auto status = parse_subcommand(app, words, "wast")) return *status;
  try {
    if (!superseded.empty()) options.superseded = wast::load_command_list(superseded);
    if (!known_failures.empty()) options.known_failures = wast::load_command_list(known_failures);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stratus: error: %s\n", e.what());
    return kExitUsage;
  }

  wast::Tally total;
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "stratus: error: cannot read %s\n", path.c_str());
      return kExitUsage;
    }
    const std::string source((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string name = wast::script_display_name(path);
    auto body = [&](wast::ScriptProgress& progress) {
      auto commands = text::parse_script(source);
      if (!commands) {
        std::printf("  FAIL %s: [unreadable script] %s\n", name.c_str(), commands.error().message().c_str());
        progress.tally.failed = 1;
        return;
      }
      wast::run_commands(*commands, name, options, progress);
    };
    const wast::IsolatedOutcome outcome = in_process ? wast::run_in_process(body)
                                                     : wast::run_isolated(body, std::chrono::seconds(timeout_seconds));
    if (!outcome.abnormal_end.empty()) std::printf("  ABORTED %s: %s\n", name.c_str(), outcome.abnormal_end.c_str());
    print_tally(name, outcome.tally);
    total += outcome.tally;
  }
  print_tally("wast", total);
  return total.failed == 0 ? 0 : 1;
}

}  // namespace stratus::cli
