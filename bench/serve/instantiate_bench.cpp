// What `stratus serve` does per request below its HTTP server, for instruction counts
// (cachegrind: the difference between two iteration counts, divided by their difference):
//
//   stratus_serve_instantiate_bench COMPONENT.wasm instantiate|request N [--pooling]
//
// `instantiate`: N times a Store, an instance of the wasi:http/proxy ComponentPre and the
// Store dropped (the Store's WASI context made once). `request`: N times what
// ProxyHandler::handle does: a WasiP2Ctx, a Store, an instance, a GET / through
// handle_request with an empty body and a sink that takes every byte, then all dropped.
// On-demand allocation unless --pooling (valgrind cannot reserve the pool).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "stratus/component/component.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/store.hpp"
#include "wasi/http/exchange.hpp"
#include "wasi/http/proxy.hpp"

using namespace stratus;

namespace {

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "serve_instantiate_bench: %s failed\n", what);
    std::exit(1);
  }
}

class EmptyBody final : public wasi::http::IncomingBody {
 public:
  wasi::p2::StreamResult<std::vector<uint8_t>> read(uint64_t) override { return wasi::p2::StreamError::closed(); }
  wasi::p2::PollTarget readiness() override { return wasi::p2::ReadyNow{}; }
  std::optional<wasi::http::FieldList> trailers() override { return wasi::http::FieldList{}; }
};

class DiscardSink final : public wasi::http::ResponseSink {
 public:
  Result<void> start(uint16_t status, const wasi::http::FieldList&) override {
    this->status = status;
    return {};
  }
  wasi::p2::StreamResult<uint64_t> check_write() override { return uint64_t{1} << 20; }
  wasi::p2::StreamStatus write(std::span<const uint8_t>) override { return std::monostate{}; }
  wasi::p2::StreamStatus flush() override { return std::monostate{}; }
  wasi::p2::PollTarget readiness() override { return wasi::p2::ReadyNow{}; }
  Result<void> finish(const std::optional<wasi::http::FieldList>&) override { return {}; }
  uint16_t status = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || (std::strcmp(argv[2], "instantiate") != 0 && std::strcmp(argv[2], "request") != 0)) {
    std::fprintf(stderr, "usage: stratus_serve_instantiate_bench COMPONENT.wasm instantiate|request N [--pooling]\n");
    return 2;
  }
  const bool request = std::strcmp(argv[2], "request") == 0;
  const size_t n = std::strtoull(argv[3], nullptr, 10);
  const bool pooling = argc > 4 && std::strcmp(argv[4], "--pooling") == 0;

  std::ifstream in(argv[1], std::ios::binary);
  std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EngineConfig config;
  if (pooling) config.allocation = InstanceAllocation::Pooling;
  auto engine = Engine::create(config);
  check(engine.ok(), "Engine::create");
  auto compiled = component::Component::compile(*engine, bytes);
  if (!compiled) {
    std::fprintf(stderr, "serve_instantiate_bench: %s\n", compiled.error().message().c_str());
    return 1;
  }
  component::Linker linker(*engine);
  auto linking = wasi::http::add_to_linker(linker);
  check(linking.ok(), "wasi::http::add_to_linker");
  auto pre = linker.instantiate_pre(*compiled);
  if (!pre) {
    std::fprintf(stderr, "serve_instantiate_bench: %s\n", pre.error().message().c_str());
    return 1;
  }
  wasi::p2::WasiP2Config wasi;
  wasi.stdin_fd = -1;
  wasi.stdout_fd = -1;
  wasi.stderr_fd = -1;
  auto shared_ctx = wasi::p2::WasiP2Ctx::create(wasi);
  check(shared_ctx.ok(), "WasiP2Ctx::create");

  for (size_t i = 0; i < n; ++i) {
    if (!request) {
      Store store(*engine);
      store.set_user_data(shared_ctx->get());
      check(pre->instantiate(store).ok(), "instantiate");
      continue;
    }
    auto ctx = wasi::p2::WasiP2Ctx::create(wasi);
    check(ctx.ok(), "WasiP2Ctx::create");
    Store store(*engine);
    store.set_user_data(ctx->get());
    auto instance = pre->instantiate(store);
    check(instance.ok(), "instantiate");
    wasi::http::RequestHead head;
    head.method = "GET";
    head.scheme = "http";
    head.authority = "localhost";
    head.path_with_query = "/";
    auto sink = std::make_shared<DiscardSink>();
    auto outcome = wasi::http::handle_request(store, *instance, *linking, head, std::make_shared<EmptyBody>(), sink);
    check(outcome.ok() && outcome->kind == wasi::http::HandleOutcome::Kind::Responded && sink->status == 200,
          "handle_request");
  }
  return 0;
}
