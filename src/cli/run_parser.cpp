// `stratus run`'s command line: its options, parsed into RunOptions for run_module.
#include "cli/run_parser.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "cli/duration.hpp"
#include "cli/exit_codes.hpp"
#include "cli/failure.hpp"
#include "cli/flag_check.hpp"
#include "cli/run_command.hpp"
#include "cli/run_options.hpp"
#include "cli/runtime_options.hpp"
#include "cli/tcp_listen.hpp"
#include "stratus/printable.hpp"

namespace stratus::cli {
namespace {

struct RunParser {
  CLI::App app{"Run a WASI command: a module with WASI preview 1, or a component with WASI 0.2 and 0.3.", "stratus run"};
  std::vector<std::string> dirs, envs, tcplisten, wasi_flags, allowed_addresses;
  std::string timeout;
  std::string invoke;
  std::string module;
  RuntimeFlags runtime{app, run_defaults()};

  RunParser() {
    app.set_help_flag("-h,--help", "Show the options of run");
    app.add_option("--dir", dirs,
                   "Preopen host directory HOST for the guest, named GUEST (default: HOST as written); "
                   "::ro makes it and everything beneath it read-only; repeatable")
        ->type_name("HOST[::GUEST[::ro]]");
    app.add_option("--env", envs, "Set NAME=VALUE in the guest's environment (NAME alone: copy the host's); repeatable")
        ->type_name("NAME[=VALUE]");
    app.add_option("--tcplisten", tcplisten,
                   "Listen on TCP ADDR:PORT and preopen the socket for the guest (sock_accept); repeatable")
        ->type_name("ADDR:PORT");
    app.add_option("-S", wasi_flags,
                   "WASI 0.2 network grants for components, wasmtime's spelling: inherit-network, "
                   "allow-ip-name-lookup, tcp, udp, http (NAME or NAME=y|n, comma-separated; default: no network, "
                   "tcp and udp on once it is inherited; http: wasi:http/outgoing-handler may send requests, "
                   "else it answers HTTP-request-denied); repeatable")
        ->type_name("NAME[=y|n]");
    app.add_option(kAllowAddressFlag, allowed_addresses,
                   "With -S inherit-network, let a component bind, connect and send to these addresses only "
                   "(default: every address): an address or CIDR block, with an optional port, e.g. 127.0.0.0/8, "
                   "10.1.2.3:8080, [::1]/128:443; repeatable")
        ->type_name("ADDR[/PREFIX][:PORT]");
    app.add_option("--timeout", timeout,
                   "Stop the guest after DURATION of wall time (exit 134): seconds, or with a unit ns, us, ms, s, m, h; "
                   "more than 100 years is refused")
        ->type_name("DURATION")
        ->check(checked_by(parse_duration));
    runtime.add_linear_memory_alias(app, "--max-memory");
    runtime.add_component_size_alias(app, "--max-module-size");
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
               "--max-execution-time is the Runtime's limit (what stratus serve applies to each request):\n"
               "it counts whole seconds on a 1 s epoch tick, so it fires between N and N+1 s, and it has\n"
               "no backstop for a blocked preview 1 call. --timeout is exact to the millisecond. Both may\n"
               "be given; the first to expire ends the run, and the message names it.\n"
               "--max-memory is --max-linear-memory, --max-module-size is --max-component-size.\n"
               "Deeper wasm recursion than --max-wasm-stack allows traps with \"call stack exhausted\".\n"
               "A value out of range (--timeout 0, --timeout 1e10, --max-memory 8GiB) is a usage error.\n"
               "Guest fds: 0-2 stdio, then each --dir in order from 3, then each --tcplisten socket\n"
               "(e.g. --dir a --tcplisten 127.0.0.1:8080 gives the socket fd 4). Sockets listen with\n"
               "SO_REUSEADDR and backlog 128; write IPv6 as [::1]:8080. Port 0 takes any free port.");
  }
};

// Every spelling of the options that take their value in the next word, for split_run_args.
std::vector<std::string> options_with_values(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_items_expected_min() == 0) continue;
    for (const std::string& n : option->get_lnames()) names.push_back("--" + n);
    for (const std::string& n : option->get_snames()) names.push_back("-" + n);
  }
  return names;
}

}  // namespace

std::string run_help() {
  RunParser parser;
  return parser.app.help();
}

int run_command(std::span<const std::string_view> words) {
  RunParser parser;
  SplitRunArgs split = split_run_args(words, options_with_values(parser.app), "--env");
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
  options.guest_args = split.guest;
  options.command_words = words;
  for (const std::string& d : parser.dirs) {
    auto mapping = parse_dir_mapping(d);
    if (!mapping) {
      std::fprintf(stderr, "stratus: error: %s\n", printable(mapping.error().message(), kPrintableMessageBytes).c_str());
      return kExitUsage;
    }
    options.dirs.push_back(std::move(*mapping));
  }
  size_t env_bytes = 0;
  for (std::string_view e : split.collected) env_bytes += e.size() + 1;
  options.env.reserve(split.collected.size(), env_bytes);
  for (std::string_view e : split.collected) {
    auto assignment = parse_env_assignment(std::string(e));
    if (!assignment) {
      std::fprintf(stderr, "stratus: error: --env '%s' is not NAME=VALUE or a set host variable\n",
                   std::string(e).c_str());
      return kExitUsage;
    }
    options.env.push_back(*assignment);
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
  for (const std::string& spec : parser.allowed_addresses) {
    if (auto r = add_allowed_address(spec, options.network); !r) return usage_error(r.error().message());
    options.network_flags_given = true;
  }
  if (!parser.allowed_addresses.empty() && !options.network.inherit_network)
    return usage_error(std::string(kAllowAddressFlag) +
                       " narrows the network a component is granted; grant it with -S inherit-network");
  auto runtime = parser.runtime.builder();
  if (!runtime) return usage_error(runtime.error().message());
  options.runtime = std::move(runtime).value();
  options.component_size_flag = parser.runtime.component_size_flag();
  // The check above accepted this value.
  if (parser.app.count("--timeout")) options.timeout = parse_duration(parser.timeout).value();
  if (parser.app.count("--invoke")) options.invoke = parser.invoke;
  return run_module(options);
}

}  // namespace stratus::cli
