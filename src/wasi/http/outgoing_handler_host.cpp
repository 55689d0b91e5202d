// wasi:http/outgoing-handler: requests the guest makes.
#include <memory>

#include "wasi/http/hosts.hpp"
#include "wasi/http/objects.hpp"
#include "wasi/p2/host_support.hpp"
#include "wit/wasi/http/outgoing_handler.hpp"

namespace stratus::wasi::http {
namespace {

namespace bindings = component::bindings;
namespace t = wit::wasi::http::types;
namespace oh = wit::wasi::http::outgoing_handler;

class OutgoingHandlerHost final : public oh::Host, p2::CtxHost {
 public:
  using CtxHost::CtxHost;

  Result<bindings::WitResult<bindings::Own<t::FutureIncomingResponse>, t::ErrorCode>> handle(
      Store& store, bindings::Own<t::OutgoingRequest> request, std::optional<bindings::Own<t::RequestOptions>> options) override {
    using R = bindings::WitResult<bindings::Own<t::FutureIncomingResponse>, t::ErrorCode>;
    auto& table = ctx(store).table();
    if (auto r = table.get<OutgoingRequestObject>(request.rep); !r) return r.error();
    if (options)
      if (auto o = table.get<RequestOptionsObject>(options->rep); !o) return o.error();
    auto taken = table.remove(request.rep);  // a trap while its headers live
    if (!taken) return taken.error();
    if (options)
      if (auto o = table.remove(options->rep); !o) return o.error();
    return R::err(t::ErrorCode::internal_error("this host does not make outgoing HTTP requests yet"));
  }
};

}  // namespace

Result<void> add_outgoing_handler_to_linker(component::Linker& linker, bindings::ResourceTypes& types,
                                            const p2::CtxLookup& lookup) {
  auto host = std::make_shared<OutgoingHandlerHost>(lookup);
  return oh::add_to_linker(linker, types, [host](Store&) -> oh::Host& { return *host; });
}

}  // namespace stratus::wasi::http
