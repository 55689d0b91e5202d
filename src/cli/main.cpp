// The `stratus` command line: `stratus run`, `stratus help`, `stratus --version`.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <iostream>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cli/byte_size.hpp"
#include "cli/component_command.hpp"
#include "cli/disasm_command.hpp"
#include "cli/duration.hpp"
#include "cli/exit_codes.hpp"
#include "cli/failure.hpp"
#include "cli/flag_check.hpp"
#include "cli/malloc_policy.hpp"
#include "cli/print_command.hpp"
#include "cli/run_command.hpp"
#include "cli/run_parser.hpp"
#include "cli/run_options.hpp"
#include "cli/serve_launch.hpp"
#include "cli/runtime_options.hpp"
#include "cli/tcp_listen.hpp"
#include "cli/wast_command.hpp"
#include "cli/wat2wasm_command.hpp"
#include "stratus/engine.hpp"
#include "stratus/printable.hpp"
#include "stratus/types.hpp"

#ifndef STRATUS_VERSION
#define STRATUS_VERSION "unknown"
#endif

namespace stratus::cli {
namespace {

constexpr const char* kOverview =
    "stratus " STRATUS_VERSION " - a WebAssembly runtime\n\n"
    "Usage:\n"
    "  stratus run [options] prog.wasm [args...]   run a WASI command: a module's _start (preview 1)\n"
    "                                              or a component's wasi:cli/run (WASI 0.3, else 0.2)\n"
    "  stratus run --invoke NAME [options] prog.wasm [values...]\n"
    "                                              call one export, print its results\n"
    "  stratus run --invoke 'NAME(ARGS)' [options] component.wasm\n"
    "                                              call a component's export, values in WAVE\n"
    "  stratus serve [options] component.wasm     serve HTTP with a wasi:http/proxy component\n"
    "  stratus wit component.wasm                  print a component's world as WIT\n"
    "  stratus disasm [--func N|NAME] prog.wasm    print the interpreter's internal code\n"
    "  stratus print [-o FILE] prog.wasm           print a module as the WebAssembly text format\n"
    "  stratus wast [--verbose] FILE.wast...       run spec test scripts against the spectest module\n"
    "  stratus wat2wasm [--debug-names] FILE.wat [-o OUT]\n"
    "                                              convert a module's text to its binary\n"
    "  stratus help [run|serve]                    show this text or the options of a command\n"
    "  stratus --version                           print the version\n";

int help(const std::vector<std::string>& topic) {
  if (topic.empty()) {
    std::cout << kOverview << '\n' << kExitCodeHelp;
    return 0;
  }
  if (topic[0] == "run") {
    std::cout << run_help();
    return 0;
  }
  if (topic[0] == "serve") return launch_serve({"--help"});
  std::fprintf(stderr, "stratus: error: no help for '%s'; try 'stratus help'\n", topic[0].c_str());
  return kExitUsage;
}

// `words` are views of argv: `run` passes a guest's arguments on without copying them.
int dispatch(std::span<const std::string_view> words) {
  if (words.empty()) {
    std::cerr << kOverview;
    return kExitUsage;
  }
  const std::string_view command = words[0];
  if (command == "run") return run_command(words.subspan(1));
  const std::vector<std::string> rest(words.begin() + 1, words.end());
  if (command == "--version" || command == "-V" || command == "version") {
    std::cout << "stratus " STRATUS_VERSION "\n";
    return 0;
  }
  if (command == "help" || command == "--help" || command == "-h") return help(rest);
  if (command == "serve") return launch_serve(rest);
  if (command == "disasm") return disasm_command(rest);
  if (command == "wit") return wit_command(rest);
  if (command == "print") return print_command(rest);
  if (command == "wast") return wast_command(rest);
  if (command == "wat2wasm") return wat2wasm_command(rest);
  std::fprintf(stderr, "stratus: error: unknown command '%s'; try 'stratus help'\n", std::string(command).c_str());
  return kExitUsage;
}

}  // namespace
}  // namespace stratus::cli

int main(int argc, char** argv) {
  stratus::cli::use_fixed_mmap_threshold();
  try {
    const std::vector<std::string_view> words(argv + 1, argv + argc);
    return stratus::cli::dispatch(words);
  } catch (const std::exception& e) {  // e.g. bad_alloc: report, never crash
    std::fprintf(stderr, "stratus: error: %s\n", e.what());
    return stratus::cli::kExitUsage;
  }
}
