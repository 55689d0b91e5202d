// A wasi:http 0.3 request's or response's body, made by the guest or by the host.
//
// A guest's (request.new, response.new): the readable ends of its contents stream and
// trailers future, and the writable end of the future that reports how sending the body
// went. A host's: a request read from the server's connection, a response the client
// received (wasi/http/exchange.hpp's IncomingBody). consume-body hands either on to whoever
// reads it: a new stream and trailers future, fed from the body as the reader asks.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <variant>

#include "stratus/component/async.hpp"
#include "stratus/component/bindings.hpp"
#include "stratus/component/resource.hpp"
#include "stratus/component/val.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"
#include "wasi/http/exchange.hpp"
#include "wasi/p2/wasi_p2.hpp"
#include "wit/p3/wasi/http/types.hpp"

namespace stratus::wasi::p3 {

using component::Val;

struct GuestBody {
  std::optional<component::StreamReader> contents;  // none: an empty body
  component::FutureReader trailers;
  // result<_, error-code>: what the body's consumer reports (consume-body's `res`).
  component::FutureWriter transmitted;
};

// The resource types a body needs (its trailers are wasi:http/types' fields), held weakly, as
// a Host keeps them: the type's destructor owns the Host, so a Host owning the type would be a
// cycle never freed. The Linker and its Stores keep the type alive while it is used.
class BodyTypes {
 public:
  BodyTypes() = default;
  explicit BodyTypes(const component::bindings::ResourceTypes& types);
  component::bindings::ResourceTypes lock() const;

 private:
  component::WeakResourceType fields_;
};

struct HostBody {
  std::shared_ptr<http::IncomingBody> source;
};

using HttpBody = std::variant<GuestBody, HostBody>;

// The ends a guest's `new` passes, and the transmitted future's end to return to it.
struct MadeBody {
  GuestBody body;
  Val transmitted_end;
};
Result<MadeBody> make_guest_body(Store& store, const std::optional<Val>& contents, const Val& trailers);

// consume-body: the body's bytes on a new stream<u8> and its trailers on a new future (the
// guest's values passed through as they come), and the consumer's `res` forwarded to the
// body's transmitted future. Returns the stream's and the future's ends for the guest.
Result<std::pair<Val, Val>> consume_guest_body(Store& store, GuestBody body, const Val& res);

// consume-body of a host body: its bytes on a new stream<u8> as the guest reads them, then its
// trailers (fields resources in `ctx`'s table, of the type `types` names) or, when the source
// failed, an error-code on the new future. `res` is dropped: there is no sender to tell.
Result<std::pair<Val, Val>> consume_host_body(Store& store, p2::WasiP2Ctx& ctx,
                                              const component::bindings::ResourceTypes& types, HostBody body,
                                              const Val& res);

// Answers a body's transmitted future: ok, or the error-code that ended the exchange.
void answer_transmitted(Store& store, const component::bindings::ResourceTypes& types,
                        component::FutureWriter transmitted,
                        std::optional<wit::p3::wasi::http::types::ErrorCode> error);

// Sends a guest's body into `sink` (a response the server writes out, a request the client
// uploads): the contents as the guest writes them, then the trailers it gives, then
// sink.finish. The guest's transmitted future gets ok, or an error-code when the body was cut
// short; then `done` says whether the sink had the whole body.
void send_guest_body(Store& store, p2::WasiP2Ctx& ctx, const component::bindings::ResourceTypes& types, GuestBody body,
                     std::shared_ptr<http::ResponseSink> sink, std::function<void(bool whole)> done);

// The same for a host body (a guest forwarding the request it was handed, or a response it
// received): its bytes as the sink takes them, then its trailers.
void send_host_body(HostBody body, std::shared_ptr<http::ResponseSink> sink, std::function<void(bool whole)> done);

}  // namespace stratus::wasi::p3
