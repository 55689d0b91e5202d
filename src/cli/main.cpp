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
#include "cli/run_command.hpp"
#include "cli/run_options.hpp"
#include "cli/tcp_listen.hpp"
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
    "                                              or a component's wasi:cli/run (WASI 0.2)\n"
    "  stratus run --invoke NAME [options] prog.wasm [values...]\n"
    "                                              call one export, print its results\n"
    "  stratus run --invoke 'NAME(ARGS)' [options] component.wasm\n"
    "                                              call a component's export, values in WAVE\n"
    "  stratus wit component.wasm                  print a component's world as WIT\n"
    "  stratus disasm [--func N|NAME] prog.wasm    print the interpreter's internal code\n"
    "  stratus help [run]                          show this text or the options of run\n"
    "  stratus --version                           print the version\n";

// Sizes the command line accepts: whole 64 KiB pages up to what a 32-bit memory addresses,
// module files up to 4 GiB (the decoder refuses more than 1 GiB with its own message), and
// the engine's range for the wasm stack.
constexpr uint64_t kMinMaxMemory = kPageSize;
constexpr uint64_t kMaxMaxMemory = kMaxPages32 * kPageSize;
constexpr uint64_t kMaxMaxModuleSize = uint64_t{4} << 30;

Result<uint64_t> parse_max_memory(std::string_view text) { return parse_byte_size_in(text, kMinMaxMemory, kMaxMaxMemory); }
Result<uint64_t> parse_max_module_size(std::string_view text) { return parse_byte_size_in(text, 1, kMaxMaxModuleSize); }
Result<uint64_t> parse_max_wasm_stack(std::string_view text) {
  return parse_byte_size_in(text, kMinWasmStack, kMaxWasmStack);
}

// Runs one of our parsers as a CLI11 check, so a bad value is reported as "--flag: message"
// before anything runs.
template <class Parse>
CLI::Validator checked_by(Parse parse) {
  return CLI::Validator(
      [parse](std::string& text) -> std::string {
        auto parsed = parse(text);
        return parsed ? std::string() : parsed.error().message();
      },
      "");
}

struct RunParser {
  CLI::App app{"Run a WASI command: a module with WASI preview 1, or a component with WASI 0.2.", "stratus run"};
  std::vector<std::string> dirs, envs, tcplisten, wasi_flags;
  std::string max_memory;
  std::string max_module_size;
  std::string max_wasm_stack;
  std::string timeout;
  std::string invoke;
  std::string module;

  RunParser() {
    app.set_help_flag("-h,--help", "Show the options of run");
    app.add_option("--dir", dirs,
                   "Preopen host directory HOST for the guest, named GUEST (default: HOST as written); "
                   "::ro makes it read-only (components); repeatable")
        ->type_name("HOST[::GUEST[::ro]]");
    app.add_option("--env", envs, "Set NAME=VALUE in the guest's environment (NAME alone: copy the host's); repeatable")
        ->type_name("NAME[=VALUE]");
    app.add_option("--tcplisten", tcplisten,
                   "Listen on TCP ADDR:PORT and preopen the socket for the guest (sock_accept); repeatable")
        ->type_name("ADDR:PORT");
    app.add_option("-S", wasi_flags,
                   "WASI 0.2 network grants for components, wasmtime's spelling: inherit-network, "
                   "allow-ip-name-lookup, tcp, udp (NAME or NAME=y|n, comma-separated; default: no network, "
                   "tcp and udp on once it is inherited); repeatable")
        ->type_name("NAME[=y|n]");
    app.add_option("--max-memory", max_memory,
                   "Cap every linear memory at BYTES, 64KiB to 4GiB (suffixes K, KiB, M, MiB, G, GiB, KB, MB, GB)")
        ->type_name("BYTES")
        ->check(checked_by(parse_max_memory));
    app.add_option("--max-module-size", max_module_size,
                   "Refuse module files larger than BYTES, before reading past them, 1 byte to 4GiB "
                   "(default 50MiB; same suffixes)")
        ->type_name("BYTES")
        ->check(checked_by(parse_max_module_size));
    app.add_option("--max-wasm-stack", max_wasm_stack,
                   "Wasm stack for values and locals, 4KiB to 4GiB (default 8MiB); also allows BYTES/128 nested calls")
        ->type_name("BYTES")
        ->check(checked_by(parse_max_wasm_stack));
    app.add_option("--timeout", timeout,
                   "Stop the guest after DURATION of wall time (exit 134): seconds, or with a unit ns, us, ms, s, m, h; "
                   "more than 100 years is refused")
        ->type_name("DURATION")
        ->check(checked_by(parse_duration));
    app.add_option("--invoke", invoke,
                   "Call export NAME of a reactor with the values after the module; print results. For a "
                   "component: 'NAME(ARGS)' with arguments and results in WAVE, as wasmtime's --invoke")
        ->type_name("NAME");
    app.add_option("module", module, "The .wasm file; words after it are the guest's arguments")
        ->required()
        ->type_name("prog.wasm");
    app.footer(std::string("\n") + kExitCodeHelp +
               "\n--timeout interrupts the guest at its next call or loop back-edge (a trap, exit 134);\n"
               "a guest still blocked in a host call 2 s later ends the process with the same status.\n"
               "--max-memory caps every linear memory: a module needing more fails to start (exit 2)\n"
               "and memory.grow past it returns -1. Sizes are rounded down to whole 64 KiB pages.\n"
               "Deeper wasm recursion than --max-wasm-stack allows traps with \"call stack exhausted\".\n"
               "A value out of range (--timeout 0, --timeout 1e10, --max-memory 8GiB) is a usage error.\n"
               "Guest fds: 0-2 stdio, then each --dir in order from 3, then each --tcplisten socket\n"
               "(e.g. --dir a --tcplisten 127.0.0.1:8080 gives the socket fd 4). Sockets listen with\n"
               "SO_REUSEADDR and backlog 128; write IPv6 as [::1]:8080. Port 0 takes any free port.");
  }
};

int help(const std::vector<std::string>& topic) {
  if (topic.empty()) {
    std::cout << kOverview << '\n' << kExitCodeHelp;
    return 0;
  }
  if (topic[0] == "run") {
    RunParser parser;
    std::cout << parser.app.help();
    return 0;
  }
  std::fprintf(stderr, "stratus: error: no help for '%s'; try 'stratus help'\n", topic[0].c_str());
  return kExitUsage;
}

int run(std::span<const std::string_view> words) {
  RunParser parser;
  SplitRunArgs split = split_run_args(words);
  std::reverse(split.ours.begin(), split.ours.end());  // CLI11 parses from the back, consuming
  try {
    parser.app.parse(split.ours);
  } catch (const CLI::CallForHelp&) {
    std::cout << parser.app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "stratus: error: %s\nRun 'stratus help run' for usage.\n",
                 printable(e.what(), kPrintableMessageBytes).c_str());
    return kExitUsage;
  }

  RunOptions options;
  options.module_path = parser.module;
  options.guest_args = std::move(split.guest);
  for (const std::string& d : parser.dirs) {
    auto mapping = parse_dir_mapping(d);
    if (!mapping) {
      std::fprintf(stderr, "stratus: error: %s\n", printable(mapping.error().message(), kPrintableMessageBytes).c_str());
      return kExitUsage;
    }
    options.dirs.push_back(std::move(*mapping));
  }
  for (const std::string& e : parser.envs) {
    auto assignment = parse_env_assignment(e);
    if (!assignment) {
      std::fprintf(stderr, "stratus: error: --env '%s' is not NAME=VALUE or a set host variable\n", e.c_str());
      return kExitUsage;
    }
    options.env.push_back(std::move(*assignment));
  }
  for (const std::string& spec : parser.tcplisten) {  // syntax now; run_module binds
    auto address = parse_listen_address(spec);
    if (auto* message = std::get_if<std::string>(&address)) {
      std::fprintf(stderr, "stratus: error: %s\n", message->c_str());
      return kExitUsage;
    }
  }
  options.tcplisten = parser.tcplisten;
  for (const std::string& flags : parser.wasi_flags) {
    if (auto r = apply_wasi_flags(flags, options.network); !r) {
      std::fprintf(stderr, "stratus: error: %s\n", printable(r.error().message(), kPrintableMessageBytes).c_str());
      return kExitUsage;
    }
    options.network_flags_given = true;
  }
  // The checks above accepted these values.
  if (parser.app.count("--max-memory")) options.max_memory_bytes = parse_max_memory(parser.max_memory).value();
  if (parser.app.count("--max-module-size"))
    options.max_module_bytes = parse_max_module_size(parser.max_module_size).value();
  if (parser.app.count("--max-wasm-stack"))
    options.max_wasm_stack_bytes = parse_max_wasm_stack(parser.max_wasm_stack).value();
  if (parser.app.count("--timeout")) options.timeout = parse_duration(parser.timeout).value();
  if (parser.app.count("--invoke")) options.invoke = parser.invoke;
  return run_module(options);
}

// `words` are views of argv: `run` passes a guest's arguments on without copying them.
int dispatch(std::span<const std::string_view> words) {
  if (words.empty()) {
    std::cerr << kOverview;
    return kExitUsage;
  }
  const std::string_view command = words[0];
  if (command == "run") return run(words.subspan(1));
  const std::vector<std::string> rest(words.begin() + 1, words.end());
  if (command == "--version" || command == "-V" || command == "version") {
    std::cout << "stratus " STRATUS_VERSION "\n";
    return 0;
  }
  if (command == "help" || command == "--help" || command == "-h") return help(rest);
  if (command == "disasm") return disasm_command(rest);
  if (command == "wit") return wit_command(rest);
  std::fprintf(stderr, "stratus: error: unknown command '%s'; try 'stratus help'\n", std::string(command).c_str());
  return kExitUsage;
}

}  // namespace
}  // namespace stratus::cli

int main(int argc, char** argv) {
  try {
    const std::vector<std::string_view> words(argv + 1, argv + argc);
    return stratus::cli::dispatch(words);
  } catch (const std::exception& e) {  // e.g. bad_alloc: report, never crash
    std::fprintf(stderr, "stratus: error: %s\n", e.what());
    return stratus::cli::kExitUsage;
  }
}
