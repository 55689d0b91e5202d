// The wasi:http/proxy world 0.2: its imports for a Linker, and one exchange run through a
// component's incoming-handler.
//
//   component::Linker linker(engine);
//   auto linking = wasi::http::add_to_linker(linker);          // once
//   // per request: a Store whose user_data is its WasiP2Ctx, a fresh instance, then
//   auto outcome = wasi::http::handle_request(store, instance, *linking, head, body, sink);
//
// handle_request makes the incoming-request and response-outparam, calls the export
// `wasi:http/incoming-handler@0.2.x#handle` (any 0.2 patch), and says what the guest did:
// the response goes to the sink as the guest writes it (ResponseSink::start at
// response-outparam.set, the body as the guest writes it, finish at outgoing-body.finish),
// so when it returns the sink has seen all there will be.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "stratus/component/instance.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/component/resource.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"
#include "wasi/http/exchange.hpp"
#include "wasi/p2/wasi_p2.hpp"

namespace stratus::wasi::http {

// The resource types handle_request hands to the guest, from the Linker they were defined in.
struct ProxyLinking {
  component::ResourceType incoming_request;
  component::ResourceType response_outparam;
};

// Defines every WASI 0.2 interface (p2::add_to_linker: a superset of the proxy world's
// wasi:io, wasi:clocks, wasi:random and wasi:cli std streams) and wasi:http/types and
// wasi:http/outgoing-handler, at 0.2.12; older 0.2.x imports match by semver. `get_ctx` as
// for p2::add_to_linker (default: Store::user_data() is the WasiP2Ctx*); the http objects
// live in that context's ResourceTable.
Result<ProxyLinking> add_to_linker(component::Linker& linker, p2::CtxLookup get_ctx = nullptr);

struct HandleOutcome {
  enum class Kind {
    Responded,   // response-outparam.set(ok(response)): the sink was started
    ErrorCode,   // set(err(code)): the guest chose not to answer (a server answers 500)
    Trapped,     // handle trapped, or the Store's deadline ended it
    NoResponse,  // handle returned without setting the response-outparam
  };
  Kind kind = Kind::NoResponse;
  // The sink was started (Responded, or Trapped after set): a server can no longer answer 500.
  bool response_started = false;
  // The sink's finish() ran: the whole body and the trailers were handed over. False after a
  // start means the response is cut short (the guest dropped its body unfinished, broke its
  // Content-Length, or trapped): a server must end the connection rather than frame it.
  bool body_complete = false;
  // ErrorCode: the error-code's case (`internal-error: ...`); Trapped: the trap's message;
  // NoResponse: what the guest failed to do.
  std::string message;
  std::optional<Error> trap;
};

// The export to call: `wasi:http/incoming-handler@0.2.N#handle` for the component's 0.2 version.
Result<component::Func> find_incoming_handler(const component::Instance& instance);

// Runs one exchange. An Error is the embedder's (no incoming-handler export, a resource the
// Store cannot hold); what the guest did, a trap included, is the outcome.
Result<HandleOutcome> handle_request(Store& store, const component::Instance& instance, const ProxyLinking& linking,
                                     RequestHead head, std::shared_ptr<IncomingBody> body,
                                     std::shared_ptr<ResponseSink> sink, p2::CtxLookup get_ctx = nullptr);

}  // namespace stratus::wasi::http
