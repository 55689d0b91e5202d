// The wasi:http/service world 0.3: its imports for a Linker, and one exchange run through a
// component's `wasi:http/handler@0.3.x#handle`, the way wasi/http/proxy.hpp runs a 0.2 proxy.
//
// handle_service_request hands the guest a request whose body is read from the connection as
// the guest reads it, calls handle, starts the sink with the response it returns and then
// sends that response's body as the guest writes it, running the thread's EventLoop (the
// guest's tasks go on after handle has returned) until the body has ended or the Store's
// deadline passes.
#pragma once

#include <memory>

#include "stratus/component/bindings.hpp"
#include "stratus/component/component.hpp"
#include "stratus/component/instance.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/store.hpp"
#include "wasi/http/exchange.hpp"
#include "wasi/http/proxy.hpp"
#include "wasi/p2/wasi_p2.hpp"

namespace stratus::wasi::p3 {

struct ServiceLinking {
  component::bindings::ResourceTypes types;  // WASI 0.3's, wasi:http/types' among them
};

// Everything a service may import: WASI 0.2 and wasi:http 0.2 (http::add_to_linker), WASI
// 0.3 with wasi:http/client. `get_ctx` as for p2::add_to_linker.
Result<ServiceLinking> add_service_to_linker(component::Linker& linker, p2::CtxLookup get_ctx = nullptr);

// The component exports wasi:http/handler@0.3.x.
bool is_service(const component::Component& component);

// Runs one exchange. An Error is the embedder's (no handler export, a resource the Store
// cannot hold); what the guest did, a trap included, is the outcome.
Result<http::HandleOutcome> handle_service_request(Store& store, const component::Instance& instance,
                                                   const ServiceLinking& linking, http::RequestHead head,
                                                   std::shared_ptr<http::IncomingBody> body,
                                                   std::shared_ptr<http::ResponseSink> sink,
                                                   p2::CtxLookup get_ctx = nullptr);

}  // namespace stratus::wasi::p3
