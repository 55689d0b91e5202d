// Runs each HTTP request through a wasi:http/proxy 0.2 or wasi:http/service 0.3 component on
// a fresh instance from one ComponentPre (wasmCloud's model): a WASI 0.2 context and a Store per request, torn down
// when the response is done. The Store's epoch deadline (the Runtime's max_execution_time)
// ends a request that runs too long: 504 if it had not answered yet.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <variant>

#include "http/server.hpp"
#include "stratus/component/component.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/runtime.hpp"
#include "wasi/http/proxy.hpp"
#include "wasi/p2/wasi_p2.hpp"
#include "wasi/p3/http_service.hpp"

namespace stratus::serve {

struct ProxyCounters {
  std::atomic<uint64_t> instantiations{0};
  std::atomic<uint64_t> instantiate_micros{0};  // summed over requests
  std::atomic<uint64_t> handle_micros{0};
  std::atomic<uint64_t> traps{0};              // handle trapped (deadlines included)
  std::atomic<uint64_t> deadline_exceeded{0};  // answered 504, or cut short, at max_execution_time
  std::atomic<uint64_t> instantiate_failures{0};
};

class ProxyHandler final : public http::Handler {
 public:
  // Resolves the component's imports once; ErrorKind::Link when it imports what the proxy or
  // service world does not give, Argument when it exports neither wasi:http/incoming-handler
  // 0.2 nor wasi:http/handler 0.3.
  static Result<std::unique_ptr<ProxyHandler>> create(const Runtime& runtime, const component::Component& component,
                                                      wasi::p2::WasiP2Config wasi);
  void handle(http::Exchange& exchange) override;
  const ProxyCounters& counters() const { return counters_; }

 private:
  using Linking = std::variant<wasi::http::ProxyLinking, wasi::p3::ServiceLinking>;
  ProxyHandler(const Runtime& runtime, wasi::p2::WasiP2Config wasi, std::unique_ptr<component::Linker> linker,
               Linking linking, component::ComponentPre pre)
      : runtime_(runtime),
        wasi_(std::move(wasi)),
        linker_(std::move(linker)),
        linking_(std::move(linking)),
        pre_(std::move(pre)) {}

  const Runtime& runtime_;
  wasi::p2::WasiP2Config wasi_;
  std::unique_ptr<component::Linker> linker_;
  Linking linking_;
  component::ComponentPre pre_;
  ProxyCounters counters_;
};

}  // namespace stratus::serve
