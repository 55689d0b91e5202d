// wasi:http/client@0.3.0: `send` on the libcurl client of wasi/http/client.hpp, the one the
// 0.2 outgoing-handler uses. The request's body is uploaded as the guest writes it; the call
// ends when the response head has arrived, and the response's body streams to the guest as
// it reads (curl paused between reads), so nothing is buffered whole.
#include <memory>
#include <string>
#include <utility>

#include "wasi/http/client.hpp"
#include "wasi/http/method.hpp"
#include "wasi/p3/host_support.hpp"
#include "wasi/p3/http_client.hpp"
#include "wasi/p3/http_objects.hpp"
#include "wasi/p3/stream_pump.hpp"
#include "wit/p3/wasi/http/client.hpp"

namespace stratus::wasi::p3 {
namespace {

namespace t = wit::p3::wasi::http::types;
namespace c = wit::p3::wasi::http::client;
using SendResult = bindings::WitResult<bindings::Own<t::Response>, t::ErrorCode>;

// The request's URL: an authority is required, the scheme is http or https (https when none
// is set, as in wasmtime); anything else is HTTP-request-URI-invalid.
std::optional<std::string> url_of(const RequestObject& request) {
  if (!request.authority || request.authority->empty()) return std::nullopt;
  const std::string scheme = request.scheme.value_or("https");
  if (!http::scheme_is_http(scheme) && !http::scheme_is_https(scheme)) return std::nullopt;
  std::string path = request.path_with_query.value_or("/");
  if (path.empty() || path.front() != '/') path.insert(path.begin(), '/');
  return (http::scheme_is_http(scheme) ? "http" : "https") + std::string("://") + *request.authority + path;
}

http::ClientTimeouts timeouts_of(const std::optional<http::RequestOptionsObject>& options) {
  http::ClientTimeouts timeouts;
  if (!options) return timeouts;
  if (options->connect_timeout_ns) timeouts.connect_ns = *options->connect_timeout_ns;
  if (options->first_byte_timeout_ns) timeouts.first_byte_ns = *options->first_byte_timeout_ns;
  if (options->between_bytes_timeout_ns) timeouts.between_bytes_ns = *options->between_bytes_timeout_ns;
  return timeouts;
}

// A 0.2 error-code as 0.3's: the two lists have the same cases in the same order.
t::DnsErrorPayload payload_of(const http::WitErrorCode::Value&, const wit::wasi::http::types::DnsErrorPayload& p) {
  return {p.rcode, p.info_code};
}
t::TlsAlertReceivedPayload payload_of(const http::WitErrorCode::Value&,
                                      const wit::wasi::http::types::TlsAlertReceivedPayload& p) {
  return {p.alert_id, p.alert_message};
}
t::FieldSizePayload payload_of(const http::WitErrorCode::Value&, const wit::wasi::http::types::FieldSizePayload& p) {
  return {p.field_name, p.field_size};
}
std::optional<t::FieldSizePayload> payload_of(const http::WitErrorCode::Value& v,
                                              const std::optional<wit::wasi::http::types::FieldSizePayload>& p) {
  if (!p) return std::nullopt;
  return payload_of(v, *p);
}
template <class T>
T payload_of(const http::WitErrorCode::Value&, const T& same) {
  return same;
}

template <size_t I>
t::ErrorCode error_code_case(const http::WitErrorCode::Value& v) {
  return t::ErrorCode{t::ErrorCode::Value(std::in_place_index<I>, payload_of(v, std::get<I>(v)))};
}

t::ErrorCode to_p3(const http::WitErrorCode& code) {
  static_assert(std::variant_size_v<http::WitErrorCode::Value> == std::variant_size_v<t::ErrorCode::Value>);
  return [&]<size_t... I>(std::index_sequence<I...>) {
    using Case = t::ErrorCode (*)(const http::WitErrorCode::Value&);
    static constexpr Case kCases[] = {error_code_case<I>...};
    return kCases[code.value.index()](code.value);
  }
  (std::make_index_sequence<std::variant_size_v<t::ErrorCode::Value>>());
}

class ClientHost final : public c::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  void set_types(const bindings::ResourceTypes& types) { body_types_ = BodyTypes(types); }

  Result<void> send(Store& store, bindings::Own<t::Request> request, bindings::AsyncReturn<SendResult> reply) override {
    p2::WasiP2Ctx& context = ctx(store);
    if (auto r = context.table().get<RequestObject>(request.rep); !r) return r.error();
    auto removed = context.table().remove(request.rep);
    if (!removed) return removed.error();
    std::unique_ptr<RequestObject> out(static_cast<RequestObject*>(removed->release()));
    if (!context.network().outgoing_http) return reply.resolve(SendResult::err(t::ErrorCode::http_request_denied()));
    auto url = url_of(*out);
    if (!url) return reply.resolve(SendResult::err(t::ErrorCode::http_request_uri_invalid()));

    const bool has_body = spec_has_body(out->body);
    http::ClientRequest spec;
    spec.method = out->method;
    spec.url = std::move(*url);
    spec.headers = out->headers;
    spec.has_body = has_body;
    spec.content_length = http::content_length_of(out->headers);
    spec.timeouts = timeouts_of(out->options);
    auto started = http::start_request(std::move(spec));
    if (started.index() == 1) return reply.resolve(SendResult::err(to_p3(std::get<1>(started))));
    auto& request_started = std::get<0>(started);

    auto types = std::make_shared<const bindings::ResourceTypes>(body_types_.lock());
    // A request without contents is transmitted once its response comes (or fails to).
    std::shared_ptr<component::FutureWriter> unsent;
    if (auto* body = std::get_if<GuestBody>(&out->body); body && !has_body) {
      body->trailers.drop();
      unsent = std::make_shared<component::FutureWriter>(std::move(body->transmitted));
    } else if (body) {
      send_guest_body(store, context, *types, std::move(*body), request_started.request_body, [](bool) {});
    } else {
      send_host_body(std::get<HostBody>(std::move(out->body)), request_started.request_body, [](bool) {});
    }
    std::shared_ptr<http::PendingResponse> pending = std::move(request_started.response);
    await_response(store, context, std::move(types), std::move(pending), std::move(unsent), std::move(reply));
    return {};
  }

 private:
  static bool spec_has_body(const HttpBody& body) {
    const auto* guest = std::get_if<GuestBody>(&body);
    return !guest || guest->contents.has_value();
  }

  // Polls the transfer whenever its descriptor is ready until the response head is there.
  static void await_response(Store& store, p2::WasiP2Ctx& context, std::shared_ptr<const bindings::ResourceTypes> types,
                             std::shared_ptr<http::PendingResponse> pending,
                             std::shared_ptr<component::FutureWriter> unsent, bindings::AsyncReturn<SendResult> reply) {
    if (reply.done()) return;
    auto outcome = pending->poll();
    if (!outcome) {
      when_ready(pending->readiness(), [&store, &context, types, pending, unsent, reply]() mutable {
        await_response(store, context, types, pending, unsent, std::move(reply));
      });
      return;
    }
    if (outcome->index() == 1) {
      const t::ErrorCode code = to_p3(std::get<1>(*outcome));
      if (unsent) answer_transmitted(store, *types, std::move(*unsent), code);
      (void)reply.resolve(SendResult::err(code));
      return;
    }
    if (unsent) answer_transmitted(store, *types, std::move(*unsent), std::nullopt);
    auto& head = *std::get<0>(*outcome);
    auto response = std::make_unique<ResponseObject>(std::move(head.headers), HostBody{std::move(head.body)});
    response->status = head.status;
    auto rep = context.table().push(std::move(response));
    if (!rep) {
      (void)reply.fail(rep.error());
      return;
    }
    (void)reply.resolve(SendResult::ok(bindings::Own<t::Response>{*rep}));
  }

  BodyTypes body_types_;
};

}  // namespace

Result<void> add_http_client_to_linker(component::Linker& linker, bindings::ResourceTypes& types,
                                       const p2::CtxLookup& lookup) {
  auto host = std::make_shared<ClientHost>(lookup);
  host->set_types(types);
  return c::add_to_linker(linker, types, shared_host<c::Host>(host));
}

}  // namespace stratus::wasi::p3
