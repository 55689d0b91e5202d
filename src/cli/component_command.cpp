#include "cli/component_command.hpp"

#include <CLI/CLI.hpp>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/subcommand.hpp"
#include "cli/failure.hpp"
#include "cli/serve_launch.hpp"
#include "cli/watchdog.hpp"
#include "component/api/wave_invoke.hpp"
#include "component/api/wit_text.hpp"
#include "embed/module_file.hpp"
#include "stratus/component/component.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/store.hpp"
#include "wasi/p2/wasi_p2.hpp"
#include "wasi/p3/wasi_p3.hpp"

namespace stratus::cli {

namespace {

// The command world's entry point: `wasi:cli/run@0.3.x`'s async `run` when the component
// exports it, else `wasi:cli/run@0.2.x`'s, each the first export of that interface at any
// patch version. A Rust wasip3 command also exports a 0.2 run whose body panics by design,
// so 0.3 goes first, as in wasmtime.
std::optional<component::Func> command_entry(const component::Instance& instance) {
  for (const char* prefix : {"wasi:cli/run@0.3.", "wasi:cli/run@0.2."})
    for (const std::string& name : instance.export_names())
      if (name.rfind(prefix, 0) == 0) return instance.get_func(name + "#run");
  return std::nullopt;
}

// run's `result`: ok is status 0, err status 1 (what wasmtime's CLI exits with).
int run_status(const std::vector<component::Val>& results) {
  if (results.size() == 1)
    if (const auto* r = std::get_if<component::Val::Result>(&results[0].storage())) return r->is_ok ? 0 : 1;
  return 0;
}

Result<std::unique_ptr<wasi::p2::WasiP2Ctx>> make_wasi_ctx(const RunOptions& options) {
  wasi::p2::WasiP2Config config;
  // argv[0] is the file's base name, as wasmtime gives a component (no host path leaks in,
  // and WASI 0.3's cli-env test expects it).
  config.args.push_back(std::filesystem::path(options.module_path).filename().string());
  if (!options.invoke) config.args.insert(config.args.end(), options.guest_args.begin(), options.guest_args.end());
  config.env = options.env.to_vector();
  config.preopens = options.dirs;
  config.network = options.network;
  return wasi::p2::WasiP2Ctx::create(config);
}

WasiHttpLinking wasi_http_linking = nullptr;

bool imports_wasi_http(const component::Component& compiled) {
  for (const component::types::Item& item : compiled.type().imports)
    if (item.name.rfind("wasi:http/", 0) == 0) return true;
  return false;
}

}  // namespace

void set_wasi_http_linking(WasiHttpLinking linking) { wasi_http_linking = linking; }

Result<RunInput> open_run_input(const std::string& path, uint64_t max_bytes) {
  struct stat st {};
  RunInput input;
  if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
    std::ifstream in(path, std::ios::binary);
    uint8_t header[8] = {};
    input.component = in.read(reinterpret_cast<char*>(header), sizeof header) && component::is_component(header);
    return input;
  }
  auto bytes = detail::read_module_file(path, max_bytes);
  if (!bytes) return bytes.error();
  input.component = component::is_component(*bytes);
  input.bytes = std::move(bytes).value();
  return input;
}

int run_component(const RunOptions& options, const Runtime& runtime, const component::Component& compiled) {
  const Engine& engine = runtime.engine();
  if (options.invoke && !options.guest_args.empty())
    return usage_error("a component's --invoke takes its arguments inside the call, as in --invoke 'f(1, \"a\")'; "
                       "nothing may follow the component");
  if (!options.tcplisten.empty())
    return usage_error("--tcplisten preopens sockets for preview 1 modules; a component makes its own (-S inherit-network)");

  const bool wasi_http = imports_wasi_http(compiled);
  if (wasi_http && !wasi_http_linking) {
    struct stat st {};
    if (::stat(options.module_path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
      return usage_error("'" + options.module_path + "' imports wasi:http, which stratus-serve provides: give it as a regular file, "
                         "so that it can be read again there");
    return launch_run_with_wasi_http(std::vector<std::string>(options.command_words.begin(), options.command_words.end()));
  }

  auto ctx = make_wasi_ctx(options);
  if (!ctx) return usage_error(ctx.error().message());
  component::Linker linker(engine);
  if (wasi_http) {
    if (auto r = wasi_http_linking(linker); !r) return usage_error(r.error().message());
  } else {
    if (auto r = wasi::p2::add_to_linker(linker); !r) return usage_error(r.error().message());
    if (auto r = wasi::p3::add_to_linker(linker); !r) return usage_error(r.error().message());
  }
  Store store(engine);
  store.set_user_data(ctx->get());
  RunTimeout timeout(options.timeout, store);

  auto instance = linker.instantiate(store, compiled);
  if (!instance) {
    if (instance.error().kind() == ErrorKind::Trap) return execution_failure(instance.error(), engine.config(), timeout.expired());
    return usage_error(instance.error().message());
  }
  if (!options.invoke) {
    auto run = command_entry(*instance);
    if (!run)
      return usage_error("'" + options.module_path +
                         "' is a component without a wasi:cli/run export; call one of its exports with --invoke "
                         "'name(args)'");
    auto results = run->call(store, {});
    if (!results) return execution_failure(results.error(), engine.config(), timeout.expired());
    return run_status(*results);
  }
  auto call = component::prepare_wave_call(compiled, *instance, *options.invoke);
  if (!call) return usage_error("--invoke: " + call.error().message());
  auto results = call->func.call(store, call->args);
  if (!results) return execution_failure(results.error(), engine.config(), timeout.expired());
  std::cout << component::wave_results(*results) << '\n';
  std::cout.flush();
  return 0;
}

int wit_command(const std::vector<std::string>& words) {
  CLI::App app{"Print a component's world as WIT, as `wasm-tools component wit` does.", "stratus wit"};
  std::string path;
  app.add_option("component", path, "The component .wasm file")->required()->type_name("X.wasm");
  if (auto status = parse_subcommand(app, words, "wit")) return *status;
  Engine engine;
  auto compiled = component::Component::from_file(engine, path);
  if (!compiled) return usage_error(compiled.error().message());
  auto text = component::world_wit(*compiled);
  if (!text) return usage_error(path + ": " + text.error().message());
  std::cout << *text;
  if (text->empty() || text->back() != '\n') std::cout << '\n';
  return 0;
}

}  // namespace stratus::cli
