#include "serve/proxy_handler.hpp"

#include <chrono>

#include "serve/exchange_adapters.hpp"
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

Result<std::unique_ptr<ProxyHandler>> ProxyHandler::create(const Runtime& runtime, const component::Component& component,
                                                           wasi::p2::WasiP2Config wasi) {
  auto linker = std::make_unique<component::Linker>(runtime.engine());
  auto linking = wasi::http::add_to_linker(*linker);
  if (!linking) return linking.error();
  auto pre = linker->instantiate_pre(component);
  if (!pre) return pre.error();
  bool exports_handler = false;
  for (const auto& item : component.type().exports)
    if (item.name.rfind("wasi:http/incoming-handler@0.2.", 0) == 0) exports_handler = true;
  if (!exports_handler)
    return Error(ErrorKind::Argument, "the component exports no wasi:http/incoming-handler@0.2.x: it is not a wasi:http/proxy");
  return std::unique_ptr<ProxyHandler>(new ProxyHandler(runtime, std::move(wasi), std::move(linker), *linking, std::move(*pre)));
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
  auto outcome = wasi::http::handle_request(store, *instance, linking_, request_head(exchange.request()),
                                            std::make_shared<ConnectionBody>(exchange),
                                            std::make_shared<ConnectionSink>(exchange));
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
      return answer(exchange, 500, "the component trapped");
    }
  }
}

}  // namespace stratus::serve
