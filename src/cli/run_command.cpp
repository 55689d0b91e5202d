#include "cli/run_command.hpp"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/exit_codes.hpp"
#include "cli/invoke_values.hpp"
#include "cli/watchdog.hpp"
#include "stratus/stratus.hpp"
#include "wasi/wasi.hpp"

namespace stratus::cli {
namespace {

int usage_error(const std::string& message) {
  std::fprintf(stderr, "stratus: error: %s\n", message.c_str());
  return kExitUsage;
}

// A failure while guest code runs: proc_exit's status, or a trap report.
int execution_failure(const Error& error) {
  if (const auto& trap = error.trap()) {
    if (trap->kind() == TrapKind::Exit) return trap->exit_code() & 0xff;
    std::fprintf(stderr, "Error: %s\n", trap->to_string().c_str());
    return kExitTrap;
  }
  std::fprintf(stderr, "Error: %s\n", error.message().c_str());
  return kExitTrap;
}

// Memory a module asks for up front, in bytes. Growth beyond --max-memory is not yet
// enforceable: the public API has no store limiter (see README).
uint64_t initial_memory_bytes(const Module& module) {
  uint64_t bytes = 0;
  for (const auto& imp : module.imports())
    if (imp.type.kind == ExternKind::Memory) bytes += imp.type.memory.limits.min * kPageSize;
  for (const auto& exp : module.exports())
    if (exp.type.kind == ExternKind::Memory) bytes = std::max(bytes, exp.type.memory.limits.min * kPageSize);
  return bytes;
}

int invoke_export(Store& store, const Instance& instance, const std::string& name,
                  const std::vector<std::string>& texts) {
  auto func = instance.get_func(name);
  if (!func) return usage_error("module has no exported function '" + name + "'");
  const FuncType& type = func->type();
  if (texts.size() != type.params.size())
    return usage_error("'" + name + "' takes " + std::to_string(type.params.size()) + " argument(s) (" +
                       to_string(type) + "), got " + std::to_string(texts.size()));
  std::vector<Val> args;
  for (size_t i = 0; i < texts.size(); ++i) {
    auto v = parse_value(type.params[i], texts[i]);
    if (!v)
      return usage_error("argument " + std::to_string(i + 1) + " '" + texts[i] + "' is not a valid " +
                         std::string(to_string(type.params[i])));
    args.push_back(*v);
  }
  // Reactors export _initialize to run their constructors before any other export.
  if (name != "_initialize")
    if (auto init = instance.get_func("_initialize"); init && init->type() == FuncType{}) {
      if (auto r = init->call(store, {}); !r) return execution_failure(r.error());
    }
  auto results = func->call(store, args);
  if (!results) return execution_failure(results.error());
  for (const Val& v : *results) std::cout << format_value(v) << '\n';
  std::cout.flush();
  return 0;
}

}  // namespace

int run_module(const RunOptions& options) {
  Engine engine;
  auto module = Module::from_file(engine, options.module_path);
  if (!module) {
    const Error& e = module.error();
    const char* what = e.kind() == ErrorKind::Io ? "cannot read" : "invalid module";
    return usage_error(std::string(what) + " '" + options.module_path + "': " + e.message());
  }
  if (options.max_memory_bytes) {
    const uint64_t wanted = initial_memory_bytes(*module);
    if (wanted > *options.max_memory_bytes)
      return usage_error("module needs " + std::to_string(wanted) + " bytes of memory at start, more than --max-memory " +
                         std::to_string(*options.max_memory_bytes));
  }

  wasi::WasiConfig config;
  config.args.push_back(options.module_path);
  config.args.insert(config.args.end(), options.guest_args.begin(), options.guest_args.end());
  if (options.invoke) config.args.resize(1);  // invoke arguments are wasm values, not argv
  config.env = options.env;
  config.preopen_dirs = options.dirs;
  auto ctx = wasi::WasiCtx::create(config);
  if (!ctx) return usage_error(ctx.error().message());

  Linker linker(engine);
  if (auto r = wasi::add_to_linker(linker, *ctx); !r) return usage_error(r.error().message());
  Store store(engine);

  std::optional<Watchdog> watchdog;
  if (options.timeout_seconds) {
    const double seconds = *options.timeout_seconds;
    watchdog.emplace(seconds, [seconds] {
      std::fprintf(stderr, "Error: wasm execution timed out after %g s (--timeout)\n", seconds);
      ::_exit(kExitTrap);
    });
  }

  auto instance = linker.instantiate(store, *module);
  if (!instance) {
    if (instance.error().kind() == ErrorKind::Trap) return execution_failure(instance.error());
    return usage_error(instance.error().message());
  }
  if (options.max_memory_bytes)
    if (auto memory = instance->get_memory("memory"); memory && memory->size_bytes() > *options.max_memory_bytes)
      return usage_error("module memory of " + std::to_string(memory->size_bytes()) +
                         " bytes exceeds --max-memory");

  if (options.invoke) return invoke_export(store, *instance, *options.invoke, options.guest_args);

  auto start = instance->get_func("_start");
  if (!start) return usage_error("module has no '_start' export; use --invoke NAME to call a reactor's export");
  if (auto r = start->call(store, {}); !r) return execution_failure(r.error());
  return 0;
}

}  // namespace stratus::cli
