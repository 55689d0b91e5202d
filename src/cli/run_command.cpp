#include "cli/run_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "cli/component_command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/failure.hpp"
#include "cli/invoke_values.hpp"
#include "cli/tcp_listen.hpp"
#include "cli/watchdog.hpp"
#include "stratus/printable.hpp"
#include "stratus/runtime.hpp"
#include "stratus/stratus.hpp"
#include "wasi/wasi.hpp"

namespace stratus::cli {
namespace {

int invoke_export(Store& store, const Instance& instance, const std::string& name,
                  std::span<const std::string_view> texts, const RunTimeout& timeout) {
  const EngineConfig& config = store.engine().config();
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
      return usage_error("argument " + std::to_string(i + 1) + " '" + std::string(texts[i]) + "' is not a valid " +
                         std::string(to_string(type.params[i])));
    args.push_back(*v);
  }
  // Reactors export _initialize to run their constructors before any other export.
  if (name != "_initialize")
    if (auto init = instance.get_func("_initialize"); init && init->type() == FuncType{}) {
      if (auto r = init->call(store, {}); !r) return execution_failure(r.error(), config, timeout.expired());
    }
  auto results = func->call(store, args);
  if (!results) return execution_failure(results.error(), config, timeout.expired());
  for (const Val& v : *results) std::cout << format_value(v) << '\n';
  std::cout.flush();
  return 0;
}

}  // namespace

int run_module(const RunOptions& options) {
  auto built = options.runtime.build();
  if (!built) return usage_error(built.error().message());
  const Runtime& runtime = *built;
  const Engine& engine = runtime.engine();
  auto input = open_run_input(options.module_path, runtime.settings().max_component_size);
  const bool component = input && input->component;
  if (!component && options.network_flags_given)
    return usage_error("-S grants the network to WASI 0.2 components; '" + options.module_path +
                       "' is a preview 1 module, which cannot create sockets (use --tcplisten)");
  auto compiled = [&]() -> Result<Compiled> {
    if (!input) return input.error();
    return input->bytes ? runtime.compile(*input->bytes) : runtime.compile_file(options.module_path);
  }();
  if (!compiled) {
    const Error& e = compiled.error();
    if (e.kind() == ErrorKind::Resource) return usage_error(e.message() + " (" + options.component_size_flag + ")");
    const char* what = e.kind() == ErrorKind::Io ? "cannot read" : component ? "invalid component" : "invalid module";
    return usage_error(std::string(what) + " '" + options.module_path + "': " + e.message());
  }
  if (const auto* c = std::get_if<component::Component>(&*compiled)) return run_component(options, runtime, *c);
  const Module& module = std::get<Module>(*compiled);

  wasi::WasiConfig config;
  if (options.invoke) {
    config.args.push_back(options.module_path);  // invoke arguments are wasm values, not argv
  } else {
    size_t bytes = options.module_path.size() + 1;
    for (std::string_view a : options.guest_args) bytes += a.size() + 1;
    config.args.reserve(options.guest_args.size() + 1, bytes);
    config.args.push_back(options.module_path);
    for (std::string_view a : options.guest_args) config.args.push_back(a);
  }
  config.env = options.env;
  for (const wasi::p2::Preopen& dir : options.dirs)
    config.preopen_dirs.push_back({dir.host_path, dir.guest_path, dir.read_only});
  // Listening sockets follow the directories: guest fds 3 + dirs, 3 + dirs + 1, ... The
  // context duplicates them; ours close once it exists.
  std::vector<wasi::UniqueFd> listeners;
  for (const std::string& spec : options.tcplisten) {
    auto opened = open_tcp_listener(spec);
    if (auto* message = std::get_if<std::string>(&opened)) return usage_error(*message);
    listeners.push_back(std::move(std::get<wasi::UniqueFd>(opened)));
    config.preopen_sockets.push_back(listeners.back().get());
  }
  auto ctx = wasi::WasiCtx::create(std::move(config));
  if (!ctx) return usage_error(ctx.error().message());
  listeners.clear();  // the guest's copies are the only ones: its close really stops listening

  Linker linker(engine);
  if (auto r = wasi::add_to_linker(linker, *ctx); !r) return usage_error(r.error().message());
  Store store(engine);

  // --timeout interrupts the Store: the guest traps at its next call or loop back-edge and
  // the trap is reported with its backtrace.
  RunTimeout timeout(options.timeout, store);

  auto instance = linker.instantiate(store, module);
  if (!instance) {
    if (instance.error().kind() == ErrorKind::Trap)
      return execution_failure(instance.error(), engine.config(), timeout.expired());
    return usage_error(instance.error().message());
  }
  if (options.invoke) return invoke_export(store, *instance, *options.invoke, options.guest_args, timeout);

  auto start = instance->get_func("_start");
  if (!start) return usage_error("module has no '_start' export; use --invoke NAME to call a reactor's export");
  if (auto r = start->call(store, {}); !r) return execution_failure(r.error(), engine.config(), timeout.expired());
  return 0;
}

}  // namespace stratus::cli
