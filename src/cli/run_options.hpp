// What `stratus run` was asked to do, after parsing.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stratus/module.hpp"
#include "wasi/ctx.hpp"

namespace stratus::cli {

struct RunOptions {
  std::string module_path;
  std::vector<std::string> guest_args;  // after the module: argv[1..] or --invoke arguments
  std::vector<wasi::PreopenDir> dirs;
  std::vector<std::string> env;  // NAME=VALUE
  std::vector<std::string> tcplisten;  // ADDR:PORT, opened by run_module in order
  std::optional<uint64_t> max_memory_bytes;
  uint64_t max_module_bytes = kDefaultMaxModuleFileSize;
  std::optional<uint64_t> max_wasm_stack_bytes;
  std::optional<std::chrono::nanoseconds> timeout;
  std::optional<std::string> invoke;
};

// `--dir HOST[::GUEST]`; the guest sees HOST's own spelling when no GUEST is given.
wasi::PreopenDir parse_dir_mapping(const std::string& spec);
// `--env NAME=VALUE`, or `--env NAME` to pass the host's value through. Nothing if NAME is
// empty or, in the second form, unset on the host.
std::optional<std::string> parse_env_assignment(const std::string& spec);

// Splits the words after `run` at the module path: options before it are ours, every word
// after it belongs to the guest (so `stratus run prog.wasm --help` passes --help on).
struct SplitRunArgs {
  std::vector<std::string> ours;  // options, then the module path
  std::vector<std::string> guest;
};
SplitRunArgs split_run_args(const std::vector<std::string>& words);

}  // namespace stratus::cli
