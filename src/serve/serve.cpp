#include "serve/serve.hpp"

#include <cstdio>
#include <thread>

#include "serve/metrics.hpp"
#include "serve/proxy_handler.hpp"

namespace stratus::serve {

namespace {

void print_access(const http::AccessRecord& r) {
  // One write per line, so lines from concurrent workers do not interleave.
  std::string line;
  line.reserve(96 + r.target.size());
  line.append(r.method).append(" ").append(r.target).append(" ");
  line += std::to_string(r.status) + " " + std::to_string(r.body_bytes) + " " + std::to_string(r.micros) + "us\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace

Result<void> serve(const Runtime& runtime, const component::Component& component, ServeOptions options,
                   const std::function<void(const std::string&, const std::string&)>& on_listening) {
  auto proxy = ProxyHandler::create(runtime, component, std::move(options.wasi));
  if (!proxy) return proxy.error();
  if (options.access_log) options.server.access_log = print_access;
  auto server = http::Server::bind(options.server, **proxy);
  if (!server) return server.error();
  std::unique_ptr<MetricsHandler> metrics;
  std::unique_ptr<http::Server> admin;
  if (options.admin) {
    metrics = std::make_unique<MetricsHandler>(**server, (*proxy)->counters());
    options.admin->workers = 1;
    auto bound = http::Server::bind(*options.admin, *metrics);
    if (!bound) return bound.error();
    admin = std::move(*bound);
  }
  on_listening((*server)->url(), admin ? admin->url() : std::string());
  std::thread admin_thread;
  if (admin) admin_thread = std::thread([&] { (void)admin->run(); });
  (*server)->shutdown_on_signals();
  auto result = (*server)->run();
  if (admin) {
    admin->shutdown();
    admin_thread.join();
  }
  return result;
}

}  // namespace stratus::serve
