// wasi:http/outgoing-handler: requests the guest makes, on the client of client.hpp.
#include <memory>

#include "wasi/http/client.hpp"
#include "wasi/http/hosts.hpp"
#include "wasi/http/method.hpp"
#include "wasi/http/objects.hpp"
#include "wasi/p2/host_support.hpp"
#include "wit/wasi/http/outgoing_handler.hpp"

namespace stratus::wasi::http {
namespace {

namespace bindings = component::bindings;
namespace t = wit::wasi::http::types;
namespace oh = wit::wasi::http::outgoing_handler;

// The request's URL; a request without an authority, or with a scheme the client does not
// speak, is the WIT's HTTP-request-URI-invalid. No scheme means https, as in wasmtime.
std::optional<std::string> url_of(const OutgoingRequestObject& request) {
  if (!request.authority || request.authority->empty()) return std::nullopt;
  const t::Scheme scheme = request.scheme.value_or(t::Scheme::https());
  if (scheme.tag() == t::Scheme::Tag::other) return std::nullopt;
  std::string path = request.path_with_query.value_or("/");
  if (path.empty() || path.front() != '/') path.insert(path.begin(), '/');
  return scheme_text(scheme) + "://" + *request.authority + path;
}

ClientTimeouts timeouts_of(const RequestOptionsObject* options) {
  ClientTimeouts timeouts;
  if (!options) return timeouts;
  if (options->connect_timeout_ns) timeouts.connect_ns = *options->connect_timeout_ns;
  if (options->first_byte_timeout_ns) timeouts.first_byte_ns = *options->first_byte_timeout_ns;
  if (options->between_bytes_timeout_ns) timeouts.between_bytes_ns = *options->between_bytes_timeout_ns;
  return timeouts;
}

class OutgoingHandlerHost final : public oh::Host, p2::CtxHost {
 public:
  using CtxHost::CtxHost;

  Result<bindings::WitResult<bindings::Own<t::FutureIncomingResponse>, t::ErrorCode>> handle(
      Store& store, bindings::Own<t::OutgoingRequest> request, std::optional<bindings::Own<t::RequestOptions>> options) override {
    using R = bindings::WitResult<bindings::Own<t::FutureIncomingResponse>, t::ErrorCode>;
    auto& table = ctx(store).table();
    if (auto r = table.get<OutgoingRequestObject>(request.rep); !r) return r.error();
    std::unique_ptr<p2::HostObject> options_object;
    if (options) {
      if (auto o = table.get<RequestOptionsObject>(options->rep); !o) return o.error();
      auto o = table.remove(options->rep);
      if (!o) return o.error();
      options_object = std::move(*o);
    }
    auto taken = table.remove(request.rep);  // a trap while its headers live
    if (!taken) return taken.error();
    auto& out = static_cast<OutgoingRequestObject&>(**taken);
    if (!ctx(store).network().outgoing_http) return R::err(t::ErrorCode::http_request_denied());

    auto url = url_of(out);
    if (!url) return R::err(t::ErrorCode::http_request_uri_invalid());
    ClientRequest spec;
    spec.method = method_text(out.method);
    spec.url = std::move(*url);
    spec.headers = out.headers;
    spec.has_body = out.body_taken;
    spec.content_length = content_length_of(out.headers);
    spec.timeouts = timeouts_of(static_cast<const RequestOptionsObject*>(options_object.get()));
    auto started = start_request(std::move(spec));
    if (started.index() == 1) return R::err(std::get<1>(std::move(started)));
    auto& request_started = std::get<0>(started);
    if (out.body_taken)
      if (auto bound = out.body->bind(store, request_started.request_body); !bound) return bound.error();
    auto rep = table.push(std::make_unique<FutureIncomingResponseObject>(std::move(request_started.response)));
    if (!rep) return rep.error();
    return R::ok(bindings::Own<t::FutureIncomingResponse>{*rep});
  }
};

}  // namespace

Result<void> add_outgoing_handler_to_linker(component::Linker& linker, bindings::ResourceTypes& types,
                                            const p2::CtxLookup& lookup) {
  auto host = std::make_shared<OutgoingHandlerHost>(lookup);
  return oh::add_to_linker(linker, types, [host](Store&) -> oh::Host& { return *host; });
}

}  // namespace stratus::wasi::http
