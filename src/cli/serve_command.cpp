#include "cli/serve_command.hpp"

#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdio>
#include <iostream>
#include <thread>

#include "cli/exit_codes.hpp"
#include "cli/failure.hpp"
#include "cli/run_options.hpp"
#include "cli/runtime_options.hpp"
#include "serve/serve.hpp"
#include "stratus/printable.hpp"

namespace stratus::cli {

namespace {

struct ServeParser {
  CLI::App app{"Serve HTTP with a wasi:http/proxy component: a fresh instance per request.", "stratus serve"};
  std::string addr = "0.0.0.0:8080";
  std::string admin_addr;
  unsigned workers = 0;
  size_t max_concurrent = 1000;
  bool quiet = false;
  std::vector<std::string> dirs, envs, wasi_flags;
  std::string component;
  RuntimeFlags runtime{app, RuntimeSettings{}};

  ServeParser() {
    app.set_help_flag("-h,--help", "Show the options of serve");
    app.add_option("--addr", addr, "Listen on HOST:PORT (default 0.0.0.0:8080; [::1]:8080 for IPv6, port 0: any free port)")
        ->type_name("HOST:PORT");
    app.add_option("--admin-addr", admin_addr, "Serve Prometheus counters at /metrics on HOST:PORT (default: none)")
        ->type_name("HOST:PORT");
    app.add_option("--workers", workers, "Threads running requests (default: one per core)")->type_name("N");
    app.add_option("--max-concurrent-requests", max_concurrent,
                   "Requests under way at once; one more is answered 503 with Retry-After at once (default 1000)")
        ->type_name("N");
    app.add_flag("-q,--quiet", quiet, "No access log (by default one line per request on stderr: method, path, status, "
                                      "body bytes, microseconds)");
    app.add_option("--dir", dirs, "Preopen host directory HOST for every request, named GUEST; ::ro read-only; repeatable")
        ->type_name("HOST[::GUEST[::ro]]");
    app.add_option("--env", envs, "Set NAME=VALUE in the guest's environment (NAME alone: copy the host's); repeatable")
        ->type_name("NAME[=VALUE]");
    app.add_option("-S", wasi_flags,
                   "WASI grants: inherit-network, allow-ip-name-lookup, tcp, udp, http (NAME or NAME=y|n, "
                   "comma-separated; default: no socket network; http, the requests wasi:http/outgoing-handler "
                   "and wasi:http/client send, is on: http=n turns it off); cli is accepted, as wasmtime's, and always "
                   "on; repeatable")
        ->type_name("NAME[=y|n]");
    app.add_option("component", component, "The wasi:http/proxy (0.2) or wasi:http/service (0.3) component")->required()->type_name("X.wasm");
    app.footer(
        "\nThe URL is the first line on stderr. SIGINT or SIGTERM stops accepting, lets the requests under way\n"
        "finish (10 s at most) and exits 0. A request that outlives --max-execution-time is answered 504\n"
        "and its instance is torn down. Malformed requests (conflicting Content-Length/Transfer-Encoding,\n"
        "bad chunk sizes) are answered 400 and never reach the component; heads over 64 KiB or 100 fields\n"
        "get 431, bodies over 64 MiB 413, a head slower than 10 s 408.");
  }
};

// HOST:PORT, HOST in brackets for IPv6.
Result<std::pair<std::string, uint16_t>> parse_addr(const std::string& flag, const std::string& text) {
  auto colon = text.rfind(':');
  Error bad(ErrorKind::Config, flag + " '" + text + "' is not HOST:PORT (e.g. 127.0.0.1:8080, [::1]:8080)");
  if (colon == std::string::npos || colon == 0) return bad;
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::string_view port_text(text.data() + colon + 1, text.size() - colon - 1);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc{} || end != port_text.data() + port_text.size() || port > 65535) return bad;
  return std::pair{host, static_cast<uint16_t>(port)};
}

}  // namespace

int serve_command(const std::vector<std::string>& words) {
  ServeParser parser;
  std::vector<std::string> reversed(words.rbegin(), words.rend());  // CLI11 parses from the back
  try {
    parser.app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    std::cout << parser.app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "stratus: error: %s\nRun 'stratus help serve' for usage.\n",
                 printable(e.what(), kPrintableMessageBytes).c_str());
    return kExitUsage;
  }
  serve::ServeOptions options;
  auto addr = parse_addr("--addr", parser.addr);
  if (!addr) return usage_error(addr.error().message());
  options.server.host = addr->first;
  options.server.port = addr->second;
  options.server.workers = parser.workers;
  if (parser.max_concurrent == 0) return usage_error("--max-concurrent-requests must be at least 1");
  options.server.max_in_flight = parser.max_concurrent;
  if (!parser.admin_addr.empty()) {
    auto admin = parse_addr("--admin-addr", parser.admin_addr);
    if (!admin) return usage_error(admin.error().message());
    http::ServerConfig config;
    config.host = admin->first;
    config.port = admin->second;
    options.admin = config;
  }
  options.access_log = !parser.quiet;
  options.wasi.args = {parser.component};
  options.wasi.stdin_fd = -1;
  for (const std::string& d : parser.dirs) {
    auto mapping = parse_dir_mapping(d);
    if (!mapping) return usage_error(mapping.error().message());
    options.wasi.preopens.push_back(std::move(*mapping));
  }
  for (const std::string& e : parser.envs) {
    auto assignment = parse_env_assignment(e);
    if (!assignment) return usage_error("--env '" + e + "' is not NAME=VALUE or a set host variable");
    options.wasi.env.push_back(std::move(*assignment));
  }
  for (const std::string& flags : parser.wasi_flags)
    if (auto r = apply_wasi_flags(flags, options.wasi.network); !r) return usage_error(r.error().message());

  auto builder = parser.runtime.builder();
  if (!builder) return usage_error(builder.error().message());
  auto runtime = builder->build();
  if (!runtime) return usage_error(runtime.error().message());
  auto component = runtime->compile_component_file(parser.component);
  if (!component) return usage_error("cannot load '" + parser.component + "': " + component.error().message());
  auto served = serve::serve(*runtime, *component, std::move(options), [](const std::string& url, const std::string& admin) {
    std::fprintf(stderr, "Serving HTTP on %s\n", url.c_str());
    if (!admin.empty()) std::fprintf(stderr, "Metrics at %smetrics\n", admin.c_str());
  });
  if (!served) return usage_error(served.error().message());
  return 0;
}

}  // namespace stratus::cli
