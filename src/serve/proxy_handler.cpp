#include "serve/proxy_handler.hpp"

#include <chrono>
#include <cstdio>
#include <optional>

#include "serve/exchange_adapters.hpp"
#include "stratus/printable.hpp"
#include "stratus/store.hpp"
#include "stratus/trap.hpp"

namespace stratus::serve {

namespace {

using Clock = std::chrono::steady_clock;

uint64_t micros_since(Clock::time_point start) {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count());
}

wasi::http::RequestHead request_head(const http::Request& r) {
  wasi::http::RequestHead head;
  head.method = r.method;
  head.scheme = "http";
  if (auto host = r.header("host")) head.authority = std::string(*host);
  head.path_with_query = r.target.empty() || r.target[0] != '/' ? std::string("/") : r.target;
  head.headers = r.headers;
  return head;
}

void answer(http::Exchange& exchange, uint16_t status, std::string_view message, const http::Fields& fields = {}) {
  if (exchange.response_started()) return exchange.abort();
  (void)exchange.respond(status, fields, std::string(message) + "\n");
}

}  // namespace

Result<std::unique_ptr<ProxyHandler>> ProxyHandler::create(const Runtime& runtime,
                                                           const component::Component& component,
                                                           wasi::p2::WasiP2Config wasi) {
  auto linker = std::make_unique<component::Linker>(runtime.engine());
  std::optional<Linking> linking;
  if (wasi::p3::is_service(component)) {
    auto service = wasi::p3::add_service_to_linker(*linker);
    if (!service) return service.error();
    linking = std::move(*service);
  } else {
    bool exports_handler = false;
    for (const auto& item : component.type().exports)
      if (item.name.rfind("wasi:http/incoming-handler@0.2.", 0) == 0) exports_handler = true;
    if (!exports_handler)
      return Error(ErrorKind::Argument,
                   "the component exports neither wasi:http/incoming-handler@0.2.x nor wasi:http/handler@0.3.x: it is "
                   "not a wasi:http/proxy or wasi:http/service");
    auto proxy = wasi::http::add_to_linker(*linker);
    if (!proxy) return proxy.error();
    linking = *proxy;
  }
  auto pre = linker->instantiate_pre(component);
  if (!pre) return pre.error();
  // Each request's context borrows these, so making one costs no dup, fstat or close.
  if (!wasi.shared_stdio)
    wasi.shared_stdio = wasi::SharedStdio::adopt(wasi.stdin_fd, wasi.stdout_fd, wasi.stderr_fd);
  return std::unique_ptr<ProxyHandler>(
      new ProxyHandler(runtime, std::move(wasi), std::move(linker), std::move(*linking), std::move(*pre)));
}

void ProxyHandler::handle(http::Exchange& exchange) {
  auto start = Clock::now();
  auto ctx = wasi::p2::WasiP2Ctx::create(wasi_);
  if (!ctx) return answer(exchange, 500, "the request's WASI context could not be made");
  // The Store dies before the context its resources live in, and both before the exchange.
  Store store(runtime_.engine());
  store.set_user_data(ctx->get());
  auto instance = pre_.instantiate(store);
  counters_.instantiations++;
  counters_.instantiate_micros += micros_since(start);
  if (!instance) {
    counters_.instantiate_failures++;
    if (instance.error().kind() == ErrorKind::Resource)
      return answer(exchange, 503, "no instance can be had now: " + instance.error().message(), {{"Retry-After", "1"}});
    return answer(exchange, 500, "the component could not be instantiated");
  }
  auto handle_start = Clock::now();
  auto body = std::make_shared<ConnectionBody>(exchange);
  auto sink = std::make_shared<ConnectionSink>(exchange);
  auto outcome =
      std::holds_alternative<wasi::p3::ServiceLinking>(linking_)
          ? wasi::p3::handle_service_request(store, *instance, std::get<wasi::p3::ServiceLinking>(linking_),
                                             request_head(exchange.request()), std::move(body), std::move(sink))
          : wasi::http::handle_request(store, *instance, std::get<wasi::http::ProxyLinking>(linking_),
                                       request_head(exchange.request()), std::move(body), std::move(sink));
  counters_.handle_micros += micros_since(handle_start);
  if (!outcome) return answer(exchange, 500, "the request could not be handed to the component");
  using Kind = wasi::http::HandleOutcome::Kind;
  switch (outcome->kind) {
    case Kind::Responded:
      if (!outcome->body_complete) exchange.abort();
      return;
    case Kind::ErrorCode: return answer(exchange, 500, "the component answered with an error: " + outcome->message);
    case Kind::NoResponse: return answer(exchange, 500, "the component gave no response");
    case Kind::Trapped: {
      counters_.traps++;
      bool deadline = outcome->trap && outcome->trap->trap() && outcome->trap->trap()->kind() == TrapKind::Interrupt;
      if (deadline) {
        counters_.deadline_exceeded++;
        return answer(exchange, 504, "the component did not answer within max_execution_time");
      }
      // The operator's only view of why: the trap and its backtrace, guest text made printable.
      const std::string line = "stratus serve: " + exchange.request().method + " " +
                               printable(exchange.request().target) +
                               ": the component trapped: " + printable(outcome->message, 4096) + "\n";
      std::fwrite(line.data(), 1, line.size(), stderr);
      return answer(exchange, 500, "the component trapped");
    }
  }
}

}  // namespace stratus::serve
