// wasi:http/types: the Host over the objects of objects.hpp, fields.hpp and body.hpp.
#include <memory>
#include <string>
#include <vector>

#include "wasi/http/body.hpp"
#include "wasi/http/fields.hpp"
#include "wasi/http/hosts.hpp"
#include "wasi/http/method.hpp"
#include "wasi/http/objects.hpp"
#include "wasi/http/request_target.hpp"
#include "wasi/p2/host_support.hpp"

namespace stratus::wasi::http {
namespace {

namespace bindings = component::bindings;
namespace t = wit::wasi::http::types;
using p2::CtxHost;
using p2::WasiP2Ctx;
using Done = std::monostate;
using Unit = bindings::WitResult<Done, Done>;
using Entries = std::vector<std::tuple<t::FieldName, t::FieldValue>>;
using HeaderResult = bindings::WitResult<Done, t::HeaderError>;

std::string text_of(const t::FieldValue& bytes) { return std::string(bytes.begin(), bytes.end()); }
t::FieldValue bytes_of(std::string_view text) { return t::FieldValue(text.begin(), text.end()); }

t::HeaderError to_wit(Fields::SetError e) {
  switch (e) {
    case Fields::SetError::InvalidSyntax: return t::HeaderError::invalid_syntax();
    case Fields::SetError::Forbidden: return t::HeaderError::forbidden();
    default: return t::HeaderError::immutable();
  }
}

HeaderResult to_wit(std::optional<Fields::SetError> e) {
  return e ? HeaderResult::err(to_wit(*e)) : HeaderResult::ok();
}

bool valid_method(const t::Method& m) {
  return m.tag() != t::Method::Tag::other || is_valid_method_text(std::get<std::string>(m.value));
}
bool valid_scheme(const t::Scheme& s) {
  return s.tag() != t::Scheme::Tag::other || is_valid_scheme_text(std::get<std::string>(s.value));
}

class TypesHost final : public t::Host, CtxHost {
 public:
  using CtxHost::CtxHost;

  Result<std::optional<t::ErrorCode>> http_error_code(Store& store, bindings::Borrow<t::IoError> err) override {
    // Stream errors carry no error-code yet: each says what failed in its debug string.
    if (auto e = ctx(store).table().get<p2::IoError>(err.rep); !e) return e.error();
    return std::optional<t::ErrorCode>();
  }

  // fields
  Result<bindings::Own<t::Fields>> fields_new(Store& store) override {
    return push_fields(ctx(store), std::make_unique<Fields>());
  }
  Result<bindings::WitResult<bindings::Own<t::Fields>, t::HeaderError>> fields_from_list(Store& store,
                                                                                          Entries entries) override {
    using R = bindings::WitResult<bindings::Own<t::Fields>, t::HeaderError>;
    FieldList list;
    list.reserve(std::min(entries.size(), kMaxFieldEntries + 1));
    for (auto& [name, value] : entries) list.emplace_back(std::move(name), text_of(value));
    auto made = Fields::from_guest(std::move(list));
    if (!made) return made.error();
    if (made->index() == 1) return R::err(to_wit(std::get<1>(*made)));
    auto own = push_fields(ctx(store), std::make_unique<Fields>(std::move(std::get<0>(*made))));
    if (!own) return own.error();
    return R::ok(*own);
  }
  Result<std::vector<t::FieldValue>> fields_get(Store& store, bindings::Borrow<t::Fields> self, t::FieldName name) override {
    auto f = fields(store, self.rep);
    if (!f) return f.error();
    std::vector<t::FieldValue> out;
    for (const std::string& v : (*f)->get(name)) out.push_back(bytes_of(v));
    return out;
  }
  Result<bool> fields_has(Store& store, bindings::Borrow<t::Fields> self, t::FieldName name) override {
    auto f = fields(store, self.rep);
    if (!f) return f.error();
    return (*f)->has(name);
  }
  Result<HeaderResult> fields_set(Store& store, bindings::Borrow<t::Fields> self, t::FieldName name,
                                  std::vector<t::FieldValue> value) override {
    auto f = fields(store, self.rep);
    if (!f) return f.error();
    std::vector<std::string> values;
    for (const auto& v : value) values.push_back(text_of(v));
    auto r = (*f)->set(name, values);
    if (!r) return r.error();
    return to_wit(*r);
  }
  Result<HeaderResult> fields_delete(Store& store, bindings::Borrow<t::Fields> self, t::FieldName name) override {
    auto f = fields(store, self.rep);
    if (!f) return f.error();
    return to_wit((*f)->remove(name));
  }
  Result<HeaderResult> fields_append(Store& store, bindings::Borrow<t::Fields> self, t::FieldName name,
                                     t::FieldValue value) override {
    auto f = fields(store, self.rep);
    if (!f) return f.error();
    auto r = (*f)->append(name, text_of(value));
    if (!r) return r.error();
    return to_wit(*r);
  }
  Result<Entries> fields_entries(Store& store, bindings::Borrow<t::Fields> self) override {
    auto f = fields(store, self.rep);
    if (!f) return f.error();
    Entries out;
    for (const auto& [n, v] : (*f)->entries()) out.emplace_back(n, bytes_of(v));
    return out;
  }
  Result<bindings::Own<t::Fields>> fields_clone(Store& store, bindings::Borrow<t::Fields> self) override {
    auto f = fields(store, self.rep);
    if (!f) return f.error();
    return push_fields(ctx(store), std::make_unique<Fields>((*f)->clone()));
  }

  // incoming-request
  Result<t::Method> incoming_request_method(Store& store, bindings::Borrow<t::IncomingRequest> self) override {
    auto r = get<IncomingRequestObject>(store, self.rep);
    if (!r) return r.error();
    return method_from_text((*r)->head.method);
  }
  Result<std::optional<std::string>> incoming_request_path_with_query(Store& store,
                                                                      bindings::Borrow<t::IncomingRequest> self) override {
    auto r = get<IncomingRequestObject>(store, self.rep);
    if (!r) return r.error();
    return (*r)->head.path_with_query;
  }
  Result<std::optional<t::Scheme>> incoming_request_scheme(Store& store, bindings::Borrow<t::IncomingRequest> self) override {
    auto r = get<IncomingRequestObject>(store, self.rep);
    if (!r) return r.error();
    if (!(*r)->head.scheme) return std::optional<t::Scheme>();
    return std::optional(scheme_from_text(*(*r)->head.scheme));
  }
  Result<std::optional<std::string>> incoming_request_authority(Store& store,
                                                                bindings::Borrow<t::IncomingRequest> self) override {
    auto r = get<IncomingRequestObject>(store, self.rep);
    if (!r) return r.error();
    return (*r)->head.authority;
  }
  Result<bindings::Own<t::Headers>> incoming_request_headers(Store& store, bindings::Borrow<t::IncomingRequest> self) override {
    auto r = get<IncomingRequestObject>(store, self.rep);
    if (!r) return r.error();
    return push_fields(ctx(store), std::make_unique<Fields>((*r)->head.headers, true), self.rep);
  }
  Result<bindings::WitResult<bindings::Own<t::IncomingBody>, Done>> incoming_request_consume(
      Store& store, bindings::Borrow<t::IncomingRequest> self) override {
    auto r = get<IncomingRequestObject>(store, self.rep);
    if (!r) return r.error();
    return consume((*r)->body, ctx(store));
  }

  // outgoing-request
  Result<bindings::Own<t::OutgoingRequest>> outgoing_request_new(Store& store, bindings::Own<t::Headers> headers) override {
    auto taken = take_fields(ctx(store), headers.rep);
    if (!taken) return taken.error();
    auto request = std::make_unique<OutgoingRequestObject>(std::move(*taken));
    request->body->set_content_length(content_length_of(request->headers));
    auto rep = ctx(store).table().push(std::move(request));
    if (!rep) return rep.error();
    return bindings::Own<t::OutgoingRequest>{*rep};
  }
  Result<bindings::WitResult<bindings::Own<t::OutgoingBody>, Done>> outgoing_request_body(
      Store& store, bindings::Borrow<t::OutgoingRequest> self) override {
    auto r = get<OutgoingRequestObject>(store, self.rep);
    if (!r) return r.error();
    return take_body((*r)->body, (*r)->body_taken, ctx(store));
  }
  Result<t::Method> outgoing_request_method(Store& store, bindings::Borrow<t::OutgoingRequest> self) override {
    auto r = get<OutgoingRequestObject>(store, self.rep);
    if (!r) return r.error();
    return (*r)->method;
  }
  Result<Unit> outgoing_request_set_method(Store& store, bindings::Borrow<t::OutgoingRequest> self, t::Method method) override {
    auto r = get<OutgoingRequestObject>(store, self.rep);
    if (!r) return r.error();
    if (!valid_method(method)) return Unit::err();
    (*r)->method = std::move(method);
    return Unit::ok();
  }
  Result<std::optional<std::string>> outgoing_request_path_with_query(Store& store,
                                                                      bindings::Borrow<t::OutgoingRequest> self) override {
    auto r = get<OutgoingRequestObject>(store, self.rep);
    if (!r) return r.error();
    return (*r)->path_with_query;
  }
  Result<Unit> outgoing_request_set_path_with_query(Store& store, bindings::Borrow<t::OutgoingRequest> self,
                                                    std::optional<std::string> path) override {
    auto r = get<OutgoingRequestObject>(store, self.rep);
    if (!r) return r.error();
    if (path && !is_valid_path_with_query(*path)) return Unit::err();
    (*r)->path_with_query = std::move(path);
    return Unit::ok();
  }
  Result<std::optional<t::Scheme>> outgoing_request_scheme(Store& store, bindings::Borrow<t::OutgoingRequest> self) override {
    auto r = get<OutgoingRequestObject>(store, self.rep);
    if (!r) return r.error();
    return (*r)->scheme;
  }
  Result<Unit> outgoing_request_set_scheme(Store& store, bindings::Borrow<t::OutgoingRequest> self,
                                           std::optional<t::Scheme> scheme) override {
    auto r = get<OutgoingRequestObject>(store, self.rep);
    if (!r) return r.error();
    if (scheme && !valid_scheme(*scheme)) return Unit::err();
    (*r)->scheme = std::move(scheme);
    return Unit::ok();
  }
  Result<std::optional<std::string>> outgoing_request_authority(Store& store,
                                                                bindings::Borrow<t::OutgoingRequest> self) override {
    auto r = get<OutgoingRequestObject>(store, self.rep);
    if (!r) return r.error();
    return (*r)->authority;
  }
  Result<Unit> outgoing_request_set_authority(Store& store, bindings::Borrow<t::OutgoingRequest> self,
                                              std::optional<std::string> authority) override {
    auto r = get<OutgoingRequestObject>(store, self.rep);
    if (!r) return r.error();
    if (authority && !is_valid_authority(*authority)) return Unit::err();
    (*r)->authority = std::move(authority);
    return Unit::ok();
  }
  Result<bindings::Own<t::Headers>> outgoing_request_headers(Store& store, bindings::Borrow<t::OutgoingRequest> self) override {
    auto r = get<OutgoingRequestObject>(store, self.rep);
    if (!r) return r.error();
    return push_fields(ctx(store), std::make_unique<Fields>((*r)->headers, true), self.rep);
  }

  // request-options: durations in nanoseconds, as wasi:clocks' duration.
  Result<bindings::Own<t::RequestOptions>> request_options_new(Store& store) override {
    auto rep = ctx(store).table().push(std::make_unique<RequestOptionsObject>());
    if (!rep) return rep.error();
    return bindings::Own<t::RequestOptions>{*rep};
  }
  Result<std::optional<t::Duration>> request_options_connect_timeout(Store& store,
                                                                     bindings::Borrow<t::RequestOptions> self) override {
    return option(store, self.rep, &RequestOptionsObject::connect_timeout_ns);
  }
  Result<Unit> request_options_set_connect_timeout(Store& store, bindings::Borrow<t::RequestOptions> self,
                                                   std::optional<t::Duration> d) override {
    return set_option(store, self.rep, &RequestOptionsObject::connect_timeout_ns, d);
  }
  Result<std::optional<t::Duration>> request_options_first_byte_timeout(Store& store,
                                                                        bindings::Borrow<t::RequestOptions> self) override {
    return option(store, self.rep, &RequestOptionsObject::first_byte_timeout_ns);
  }
  Result<Unit> request_options_set_first_byte_timeout(Store& store, bindings::Borrow<t::RequestOptions> self,
                                                      std::optional<t::Duration> d) override {
    return set_option(store, self.rep, &RequestOptionsObject::first_byte_timeout_ns, d);
  }
  Result<std::optional<t::Duration>> request_options_between_bytes_timeout(Store& store,
                                                                           bindings::Borrow<t::RequestOptions> self) override {
    return option(store, self.rep, &RequestOptionsObject::between_bytes_timeout_ns);
  }
  Result<Unit> request_options_set_between_bytes_timeout(Store& store, bindings::Borrow<t::RequestOptions> self,
                                                         std::optional<t::Duration> d) override {
    return set_option(store, self.rep, &RequestOptionsObject::between_bytes_timeout_ns, d);
  }

  // response-outparam
  Result<void> response_outparam_set(Store& store, bindings::Own<t::ResponseOutparam> param,
                                     bindings::WitResult<bindings::Own<t::OutgoingResponse>, t::ErrorCode> response) override {
    auto& table = ctx(store).table();
    if (auto p = table.get<ResponseOutparamObject>(param.rep); !p) return p.error();
    auto removed = table.remove(param.rep);
    if (!removed) return removed.error();
    std::shared_ptr<ExchangeState> state = static_cast<ResponseOutparamObject&>(**removed).state;
    if (!response.is_ok()) {
      state->error_code = response.error();
      return {};
    }
    const uint32_t rep = response.value().rep;
    if (auto r = table.get<OutgoingResponseObject>(rep); !r) return r.error();
    auto taken = table.remove(rep);
    if (!taken) return taken.error();
    auto& out = static_cast<OutgoingResponseObject&>(**taken);
    if (auto started = state->sink->start(out.status, out.headers); !started)
      return Error(ErrorKind::Host, "wasi:http response-outparam.set: the response could not be sent: " +
                                        started.error().message());
    state->response_set = true;
    state->body = out.body;
    state->body_taken = out.body_taken;
    return out.body->bind(store, state->sink);
  }

  // incoming-response
  Result<t::StatusCode> incoming_response_status(Store& store, bindings::Borrow<t::IncomingResponse> self) override {
    auto r = get<IncomingResponseObject>(store, self.rep);
    if (!r) return r.error();
    return (*r)->status;
  }
  Result<bindings::Own<t::Headers>> incoming_response_headers(Store& store,
                                                              bindings::Borrow<t::IncomingResponse> self) override {
    auto r = get<IncomingResponseObject>(store, self.rep);
    if (!r) return r.error();
    return push_fields(ctx(store), std::make_unique<Fields>((*r)->headers, true), self.rep);
  }
  Result<bindings::WitResult<bindings::Own<t::IncomingBody>, Done>> incoming_response_consume(
      Store& store, bindings::Borrow<t::IncomingResponse> self) override {
    auto r = get<IncomingResponseObject>(store, self.rep);
    if (!r) return r.error();
    return consume((*r)->body, ctx(store));
  }

  // incoming-body
  Result<bindings::WitResult<bindings::Own<t::InputStream>, Done>> incoming_body_stream(
      Store& store, bindings::Borrow<t::IncomingBody> self) override {
    using R = bindings::WitResult<bindings::Own<t::InputStream>, Done>;
    auto b = get<IncomingBodyObject>(store, self.rep);
    if (!b) return b.error();
    if ((*b)->stream_taken) return R::err();
    auto own = p2::new_input_stream(ctx(store), std::make_unique<IncomingBodyStream>((*b)->body), self.rep);
    if (!own) return own.error();
    (*b)->stream_taken = true;
    return R::ok(*own);
  }
  Result<bindings::Own<t::FutureTrailers>> incoming_body_finish(Store& store, bindings::Own<t::IncomingBody> this_) override {
    auto& table = ctx(store).table();
    if (auto b = table.get<IncomingBodyObject>(this_.rep); !b) return b.error();
    auto removed = table.remove(this_.rep);  // a trap while its stream lives
    if (!removed) return removed.error();
    auto body = static_cast<IncomingBodyObject&>(**removed).body;
    auto rep = table.push(std::make_unique<FutureTrailersObject>(std::move(body)));
    if (!rep) return rep.error();
    return bindings::Own<t::FutureTrailers>{*rep};
  }

  // future-trailers
  Result<bindings::Own<t::Pollable>> future_trailers_subscribe(Store& store, bindings::Borrow<t::FutureTrailers> self) override {
    auto f = get<FutureTrailersObject>(store, self.rep);
    if (!f) return f.error();
    FutureTrailersObject* future = *f;
    return p2::new_pollable(ctx(store), [future] { return future->target(); }, self.rep);
  }
  using TrailersGet = std::optional<bindings::WitResult<bindings::WitResult<std::optional<bindings::Own<t::Trailers>>, t::ErrorCode>, Done>>;
  Result<TrailersGet> future_trailers_get(Store& store, bindings::Borrow<t::FutureTrailers> self) override {
    using Inner = bindings::WitResult<std::optional<bindings::Own<t::Trailers>>, t::ErrorCode>;
    using Outer = bindings::WitResult<Inner, Done>;
    auto f = get<FutureTrailersObject>(store, self.rep);
    if (!f) return f.error();
    if ((*f)->taken) return TrailersGet(Outer::err());
    auto outcome = (*f)->settle();
    if (!outcome) return TrailersGet();
    (*f)->taken = true;
    if (outcome->index() == 1) return TrailersGet(Outer::ok(Inner::err(std::get<1>(*outcome))));
    auto& trailers = std::get<0>(*outcome);
    if (!trailers) return TrailersGet(Outer::ok(Inner::ok(std::nullopt)));
    auto own = push_fields(ctx(store), std::make_unique<Fields>(*trailers, false));
    if (!own) return own.error();
    return TrailersGet(Outer::ok(Inner::ok(std::optional(*own))));
  }

  // outgoing-response
  Result<bindings::Own<t::OutgoingResponse>> outgoing_response_new(Store& store, bindings::Own<t::Headers> headers) override {
    auto taken = take_fields(ctx(store), headers.rep);
    if (!taken) return taken.error();
    auto response = std::make_unique<OutgoingResponseObject>(std::move(*taken));
    response->body->set_content_length(content_length_of(response->headers));
    auto rep = ctx(store).table().push(std::move(response));
    if (!rep) return rep.error();
    return bindings::Own<t::OutgoingResponse>{*rep};
  }
  Result<t::StatusCode> outgoing_response_status_code(Store& store, bindings::Borrow<t::OutgoingResponse> self) override {
    auto r = get<OutgoingResponseObject>(store, self.rep);
    if (!r) return r.error();
    return (*r)->status;
  }
  Result<Unit> outgoing_response_set_status_code(Store& store, bindings::Borrow<t::OutgoingResponse> self,
                                                 t::StatusCode status) override {
    auto r = get<OutgoingResponseObject>(store, self.rep);
    if (!r) return r.error();
    if (status < 100 || status > 999) return Unit::err();
    (*r)->status = status;
    return Unit::ok();
  }
  Result<bindings::Own<t::Headers>> outgoing_response_headers(Store& store, bindings::Borrow<t::OutgoingResponse> self) override {
    auto r = get<OutgoingResponseObject>(store, self.rep);
    if (!r) return r.error();
    return push_fields(ctx(store), std::make_unique<Fields>((*r)->headers, true), self.rep);
  }
  Result<bindings::WitResult<bindings::Own<t::OutgoingBody>, Done>> outgoing_response_body(
      Store& store, bindings::Borrow<t::OutgoingResponse> self) override {
    auto r = get<OutgoingResponseObject>(store, self.rep);
    if (!r) return r.error();
    return take_body((*r)->body, (*r)->body_taken, ctx(store));
  }

  // outgoing-body
  Result<bindings::WitResult<bindings::Own<t::OutputStream>, Done>> outgoing_body_write(
      Store& store, bindings::Borrow<t::OutgoingBody> self) override {
    using R = bindings::WitResult<bindings::Own<t::OutputStream>, Done>;
    auto b = get<OutgoingBodyObject>(store, self.rep);
    if (!b) return b.error();
    if ((*b)->stream_taken) return R::err();
    auto own = p2::new_output_stream(ctx(store), std::make_unique<OutgoingBodyStream>((*b)->channel), self.rep);
    if (!own) return own.error();
    (*b)->stream_taken = true;
    return R::ok(*own);
  }
  Result<bindings::WitResult<Done, t::ErrorCode>> outgoing_body_finish(
      Store& store, bindings::Own<t::OutgoingBody> this_, std::optional<bindings::Own<t::Trailers>> trailers) override {
    using R = bindings::WitResult<Done, t::ErrorCode>;
    auto& table = ctx(store).table();
    if (auto b = table.get<OutgoingBodyObject>(this_.rep); !b) return b.error();
    std::optional<FieldList> trailer_list;
    if (trailers) {
      auto taken = take_fields(ctx(store), trailers->rep);
      if (!taken) return taken.error();
      trailer_list = std::move(*taken);
    }
    auto removed = table.remove(this_.rep);  // a trap while its stream lives
    if (!removed) return removed.error();
    auto channel = static_cast<OutgoingBodyObject&>(**removed).channel;
    auto finished = channel->finish(store, std::move(trailer_list));
    if (!finished) return finished.error();
    if (*finished) return R::err(**finished);
    return R::ok();
  }

  // future-incoming-response
  Result<bindings::Own<t::Pollable>> future_incoming_response_subscribe(
      Store& store, bindings::Borrow<t::FutureIncomingResponse> self) override {
    auto f = get<FutureIncomingResponseObject>(store, self.rep);
    if (!f) return f.error();
    FutureIncomingResponseObject* future = *f;
    return p2::new_pollable(ctx(store), [future] { return future->target(); }, self.rep);
  }
  using ResponseGet = std::optional<bindings::WitResult<bindings::WitResult<bindings::Own<t::IncomingResponse>, t::ErrorCode>, Done>>;
  Result<ResponseGet> future_incoming_response_get(Store& store, bindings::Borrow<t::FutureIncomingResponse> self) override {
    using Inner = bindings::WitResult<bindings::Own<t::IncomingResponse>, t::ErrorCode>;
    using Outer = bindings::WitResult<Inner, Done>;
    auto f = get<FutureIncomingResponseObject>(store, self.rep);
    if (!f) return f.error();
    if ((*f)->taken) return ResponseGet(Outer::err());
    auto outcome = (*f)->settle();
    if (!outcome) return ResponseGet();
    (*f)->taken = true;
    if (outcome->index() == 1) return ResponseGet(Outer::ok(Inner::err(std::get<1>(std::move(*outcome)))));
    auto rep = ctx(store).table().push(std::get<0>(std::move(*outcome)));
    if (!rep) return rep.error();
    return ResponseGet(Outer::ok(Inner::ok(bindings::Own<t::IncomingResponse>{*rep})));
  }

  Result<void> fields_drop(Store& store, uint32_t rep) override { return p2::drop_object<Fields>(ctx(store), rep); }
  Result<void> incoming_request_drop(Store& store, uint32_t rep) override {
    return p2::drop_object<IncomingRequestObject>(ctx(store), rep);
  }
  Result<void> outgoing_request_drop(Store& store, uint32_t rep) override {
    return p2::drop_object<OutgoingRequestObject>(ctx(store), rep);
  }
  Result<void> request_options_drop(Store& store, uint32_t rep) override {
    return p2::drop_object<RequestOptionsObject>(ctx(store), rep);
  }
  Result<void> response_outparam_drop(Store& store, uint32_t rep) override {
    return p2::drop_object<ResponseOutparamObject>(ctx(store), rep);
  }
  Result<void> incoming_response_drop(Store& store, uint32_t rep) override {
    return p2::drop_object<IncomingResponseObject>(ctx(store), rep);
  }
  Result<void> incoming_body_drop(Store& store, uint32_t rep) override {
    return p2::drop_object<IncomingBodyObject>(ctx(store), rep);
  }
  Result<void> future_trailers_drop(Store& store, uint32_t rep) override {
    return p2::drop_object<FutureTrailersObject>(ctx(store), rep);
  }
  Result<void> outgoing_response_drop(Store& store, uint32_t rep) override {
    return p2::drop_object<OutgoingResponseObject>(ctx(store), rep);
  }
  Result<void> outgoing_body_drop(Store& store, uint32_t rep) override {
    return p2::drop_object<OutgoingBodyObject>(ctx(store), rep);
  }
  Result<void> future_incoming_response_drop(Store& store, uint32_t rep) override {
    return p2::drop_object<FutureIncomingResponseObject>(ctx(store), rep);
  }

 private:
  template <class T>
  Result<T*> get(Store& store, uint32_t rep) {
    return ctx(store).table().get<T>(rep);
  }
  Result<Fields*> fields(Store& store, uint32_t rep) { return get<Fields>(store, rep); }

  static Result<bindings::Own<t::Fields>> push_fields(WasiP2Ctx& ctx, std::unique_ptr<Fields> f,
                                                      std::optional<uint32_t> parent = std::nullopt) {
    auto rep = parent ? ctx.table().push_child(std::move(f), *parent) : ctx.table().push(std::move(f));
    if (!rep) return rep.error();
    return bindings::Own<t::Fields>{*rep};
  }

  // An own<fields> the guest handed over: its entries, the object gone from the table.
  static Result<FieldList> take_fields(WasiP2Ctx& ctx, uint32_t rep) {
    if (auto f = ctx.table().get<Fields>(rep); !f) return f.error();
    auto removed = ctx.table().remove(rep);
    if (!removed) return removed.error();
    return static_cast<Fields&>(**removed).entries();
  }

  static Result<bindings::WitResult<bindings::Own<t::IncomingBody>, Done>> consume(std::shared_ptr<IncomingBody>& body,
                                                                                   WasiP2Ctx& ctx) {
    using R = bindings::WitResult<bindings::Own<t::IncomingBody>, Done>;
    if (!body) return R::err();
    auto rep = ctx.table().push(std::make_unique<IncomingBodyObject>(body));
    if (!rep) return rep.error();
    body.reset();
    return R::ok(bindings::Own<t::IncomingBody>{*rep});
  }

  static Result<bindings::WitResult<bindings::Own<t::OutgoingBody>, Done>> take_body(
      const std::shared_ptr<OutgoingBodyChannel>& channel, bool& taken, WasiP2Ctx& ctx) {
    using R = bindings::WitResult<bindings::Own<t::OutgoingBody>, Done>;
    if (taken) return R::err();
    auto rep = ctx.table().push(std::make_unique<OutgoingBodyObject>(channel));
    if (!rep) return rep.error();
    taken = true;
    return R::ok(bindings::Own<t::OutgoingBody>{*rep});
  }

  Result<std::optional<t::Duration>> option(Store& store, uint32_t rep, std::optional<uint64_t> RequestOptionsObject::*field) {
    auto o = get<RequestOptionsObject>(store, rep);
    if (!o) return o.error();
    return (*o)->*field;
  }
  Result<Unit> set_option(Store& store, uint32_t rep, std::optional<uint64_t> RequestOptionsObject::*field,
                          std::optional<t::Duration> d) {
    auto o = get<RequestOptionsObject>(store, rep);
    if (!o) return o.error();
    (*o)->*field = d;
    return Unit::ok();
  }
};

}  // namespace

Result<void> add_types_to_linker(component::Linker& linker, bindings::ResourceTypes& types, const p2::CtxLookup& lookup) {
  auto host = std::make_shared<TypesHost>(lookup);
  return t::add_to_linker(linker, types, [host](Store&) -> t::Host& { return *host; });
}

}  // namespace stratus::wasi::http
