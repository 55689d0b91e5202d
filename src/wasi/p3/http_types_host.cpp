// wasi:http/types@0.3.0: fields, request, request-options and response, on the rules of the
// 0.2 host (wasi/http: fields.hpp's names, values and bounds; request_target.hpp's setters)
// and the bodies of http_body.hpp. Objects live in the Store's WasiP2Ctx table.
//
// As wasmtime's 0.3 host does: field names are kept in lower case; fields given to a request
// or response become immutable there, and reading them back gives an immutable copy; options
// read back from a request are an immutable copy; status codes are 100-599; an empty
// path-with-query reads back as "/".
#include <algorithm>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "wasi/http/fields.hpp"
#include "wasi/http/method.hpp"
#include "wasi/http/objects.hpp"
#include "wasi/http/request_target.hpp"
#include "wasi/p3/host_support.hpp"
#include "wasi/p3/http_body.hpp"
#include "wasi/p3/http_objects.hpp"
#include "wit/p3/wasi/http/types.hpp"

namespace stratus::wasi::p3 {
namespace {

namespace t = wit::p3::wasi::http::types;
using http::FieldList;
using http::Fields;
using http::RequestOptionsObject;
using Done = std::monostate;
using Unit = bindings::WitResult<Done, Done>;
using Entries = std::vector<std::tuple<t::FieldName, t::FieldValue>>;
using HeaderResult = bindings::WitResult<Done, t::HeaderError>;
using OptionsResult = bindings::WitResult<Done, t::RequestOptionsError>;
using TransmitFuture = bindings::Future<bindings::WitResult<Done, t::ErrorCode>>;
using TrailersFuture = bindings::Future<bindings::WitResult<std::optional<bindings::Own<t::Trailers>>, t::ErrorCode>>;
using ConsumedBody = std::tuple<bindings::Stream<uint8_t>, TrailersFuture>;

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

class TypesHost final : public t::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  // The Linker's resource types once this interface's are defined: a host body's trailers
  // are handed to the guest as fields.
  void set_types(const bindings::ResourceTypes& types) { body_types_ = BodyTypes(types); }

  // fields
  Result<bindings::Own<t::Fields>> fields_new(Store& store) override {
    return push<t::Fields>(store, std::make_unique<Fields>());
  }
  Result<bindings::WitResult<bindings::Own<t::Fields>, t::HeaderError>> fields_from_list(Store& store,
                                                                                         Entries entries) override {
    using R = bindings::WitResult<bindings::Own<t::Fields>, t::HeaderError>;
    FieldList list;
    list.reserve(std::min(entries.size(), http::kMaxFieldEntries + 1));
    for (auto& [name, value] : entries) list.emplace_back(http::lower_case_field_name(std::move(name)), text_of(value));
    auto made = Fields::from_guest(std::move(list));
    if (!made) return made.error();
    if (made->index() == 1) return R::err(to_wit(std::get<1>(*made)));
    auto own = push<t::Fields>(store, std::make_unique<Fields>(std::move(std::get<0>(*made))));
    if (!own) return own.error();
    return R::ok(*own);
  }
  Result<std::vector<t::FieldValue>> fields_get(Store& store, bindings::Borrow<t::Fields> self,
                                                t::FieldName name) override {
    auto f = get<Fields>(store, self.rep);
    if (!f) return f.error();
    std::vector<t::FieldValue> out;
    for (const std::string& v : (*f)->get(name)) out.push_back(bytes_of(v));
    return out;
  }
  Result<bool> fields_has(Store& store, bindings::Borrow<t::Fields> self, t::FieldName name) override {
    auto f = get<Fields>(store, self.rep);
    if (!f) return f.error();
    return (*f)->has(name);
  }
  Result<HeaderResult> fields_set(Store& store, bindings::Borrow<t::Fields> self, t::FieldName name,
                                  std::vector<t::FieldValue> value) override {
    auto f = get<Fields>(store, self.rep);
    if (!f) return f.error();
    std::vector<std::string> values;
    for (const auto& v : value) values.push_back(text_of(v));
    auto r = (*f)->set(http::lower_case_field_name(std::move(name)), values);
    if (!r) return r.error();
    return to_wit(*r);
  }
  Result<HeaderResult> fields_delete(Store& store, bindings::Borrow<t::Fields> self, t::FieldName name) override {
    auto f = get<Fields>(store, self.rep);
    if (!f) return f.error();
    return to_wit((*f)->remove(name));
  }
  Result<bindings::WitResult<std::vector<t::FieldValue>, t::HeaderError>> fields_get_and_delete(
      Store& store, bindings::Borrow<t::Fields> self, t::FieldName name) override {
    using R = bindings::WitResult<std::vector<t::FieldValue>, t::HeaderError>;
    auto f = get<Fields>(store, self.rep);
    if (!f) return f.error();
    std::vector<t::FieldValue> values;
    for (const std::string& v : (*f)->get(name)) values.push_back(bytes_of(v));
    if (auto e = (*f)->remove(name)) return R::err(to_wit(*e));
    return R::ok(std::move(values));
  }
  Result<HeaderResult> fields_append(Store& store, bindings::Borrow<t::Fields> self, t::FieldName name,
                                     t::FieldValue value) override {
    auto f = get<Fields>(store, self.rep);
    if (!f) return f.error();
    auto r = (*f)->append(http::lower_case_field_name(std::move(name)), text_of(value));
    if (!r) return r.error();
    return to_wit(*r);
  }
  Result<Entries> fields_copy_all(Store& store, bindings::Borrow<t::Fields> self) override {
    auto f = get<Fields>(store, self.rep);
    if (!f) return f.error();
    Entries out;
    for (const auto& [n, v] : (*f)->entries()) out.emplace_back(n, bytes_of(v));
    return out;
  }
  Result<bindings::Own<t::Fields>> fields_clone(Store& store, bindings::Borrow<t::Fields> self) override {
    auto f = get<Fields>(store, self.rep);
    if (!f) return f.error();
    return push<t::Fields>(store, std::make_unique<Fields>((*f)->clone()));
  }

  // request
  Result<std::tuple<bindings::Own<t::Request>, TransmitFuture>> request_new(
      Store& store, bindings::Own<t::Headers> headers, std::optional<bindings::Stream<uint8_t>> contents,
      TrailersFuture trailers, std::optional<bindings::Own<t::RequestOptions>> options) override {
    auto made = make_body(store, contents, trailers);
    if (!made) return made.error();
    auto fields = take<Fields>(store, headers.rep);
    if (!fields) return fields.error();
    auto request = std::make_unique<RequestObject>((*fields)->entries(), std::move(made->body));
    if (options) {
      auto taken = take<RequestOptionsObject>(store, options->rep);
      if (!taken) return taken.error();
      request->options = **taken;
    }
    auto own = push<t::Request>(store, std::move(request));
    if (!own) return own.error();
    return std::make_tuple(*own, TransmitFuture{std::move(made->transmitted_end)});
  }
  Result<t::Method> request_get_method(Store& store, bindings::Borrow<t::Request> self) override {
    auto r = get<RequestObject>(store, self.rep);
    if (!r) return r.error();
    return http::method_from_text<t::Method>((*r)->method);
  }
  Result<Unit> request_set_method(Store& store, bindings::Borrow<t::Request> self, t::Method method) override {
    auto r = get<RequestObject>(store, self.rep);
    if (!r) return r.error();
    std::string text = http::method_text(method);
    if (!http::is_valid_method_text(text)) return Unit::err();
    (*r)->method = std::move(text);
    return Unit::ok();
  }
  Result<std::optional<std::string>> request_get_path_with_query(Store& store,
                                                                 bindings::Borrow<t::Request> self) override {
    auto r = get<RequestObject>(store, self.rep);
    if (!r) return r.error();
    return (*r)->path_with_query;
  }
  Result<Unit> request_set_path_with_query(Store& store, bindings::Borrow<t::Request> self,
                                           std::optional<std::string> path) override {
    auto r = get<RequestObject>(store, self.rep);
    if (!r) return r.error();
    if (path && !http::is_valid_path_with_query(*path)) return Unit::err();
    if (path && path->empty()) path = "/";
    (*r)->path_with_query = std::move(path);
    return Unit::ok();
  }
  Result<std::optional<t::Scheme>> request_get_scheme(Store& store, bindings::Borrow<t::Request> self) override {
    auto r = get<RequestObject>(store, self.rep);
    if (!r) return r.error();
    if (!(*r)->scheme) return std::optional<t::Scheme>();
    return std::optional(http::scheme_from_text<t::Scheme>(*(*r)->scheme));
  }
  Result<Unit> request_set_scheme(Store& store, bindings::Borrow<t::Request> self,
                                  std::optional<t::Scheme> scheme) override {
    auto r = get<RequestObject>(store, self.rep);
    if (!r) return r.error();
    std::optional<std::string> text;
    if (scheme) text = http::scheme_text(*scheme);
    if (text && !http::is_valid_scheme_text(*text)) return Unit::err();
    (*r)->scheme = std::move(text);
    return Unit::ok();
  }
  Result<std::optional<std::string>> request_get_authority(Store& store, bindings::Borrow<t::Request> self) override {
    auto r = get<RequestObject>(store, self.rep);
    if (!r) return r.error();
    return (*r)->authority;
  }
  Result<Unit> request_set_authority(Store& store, bindings::Borrow<t::Request> self,
                                     std::optional<std::string> authority) override {
    auto r = get<RequestObject>(store, self.rep);
    if (!r) return r.error();
    if (authority && !http::is_valid_authority(*authority)) return Unit::err();
    (*r)->authority = std::move(authority);
    return Unit::ok();
  }
  Result<std::optional<bindings::Own<t::RequestOptions>>> request_get_options(
      Store& store, bindings::Borrow<t::Request> self) override {
    auto r = get<RequestObject>(store, self.rep);
    if (!r) return r.error();
    if (!(*r)->options) return std::optional<bindings::Own<t::RequestOptions>>();
    auto copy = std::make_unique<RequestOptionsObject>(*(*r)->options);
    copy->immutable = true;
    auto own = push<t::RequestOptions>(store, std::move(copy));
    if (!own) return own.error();
    return std::optional(*own);
  }
  Result<bindings::Own<t::Headers>> request_get_headers(Store& store, bindings::Borrow<t::Request> self) override {
    auto r = get<RequestObject>(store, self.rep);
    if (!r) return r.error();
    return push<t::Headers>(store, std::make_unique<Fields>((*r)->headers, true));
  }
  Result<ConsumedBody> request_consume_body(Store& store, bindings::Own<t::Request> this_,
                                            TransmitFuture res) override {
    auto r = take<RequestObject>(store, this_.rep);
    if (!r) return r.error();
    return consume(store, std::move((*r)->body), res);
  }

  // request-options: durations in nanoseconds, as wasi:clocks' duration.
  Result<bindings::Own<t::RequestOptions>> request_options_new(Store& store) override {
    return push<t::RequestOptions>(store, std::make_unique<RequestOptionsObject>());
  }
  Result<std::optional<t::Duration>> request_options_get_connect_timeout(
      Store& store, bindings::Borrow<t::RequestOptions> self) override {
    return option(store, self.rep, &RequestOptionsObject::connect_timeout_ns);
  }
  Result<OptionsResult> request_options_set_connect_timeout(Store& store, bindings::Borrow<t::RequestOptions> self,
                                                            std::optional<t::Duration> d) override {
    return set_option(store, self.rep, &RequestOptionsObject::connect_timeout_ns, d);
  }
  Result<std::optional<t::Duration>> request_options_get_first_byte_timeout(
      Store& store, bindings::Borrow<t::RequestOptions> self) override {
    return option(store, self.rep, &RequestOptionsObject::first_byte_timeout_ns);
  }
  Result<OptionsResult> request_options_set_first_byte_timeout(Store& store, bindings::Borrow<t::RequestOptions> self,
                                                               std::optional<t::Duration> d) override {
    return set_option(store, self.rep, &RequestOptionsObject::first_byte_timeout_ns, d);
  }
  Result<std::optional<t::Duration>> request_options_get_between_bytes_timeout(
      Store& store, bindings::Borrow<t::RequestOptions> self) override {
    return option(store, self.rep, &RequestOptionsObject::between_bytes_timeout_ns);
  }
  Result<OptionsResult> request_options_set_between_bytes_timeout(Store& store,
                                                                  bindings::Borrow<t::RequestOptions> self,
                                                                  std::optional<t::Duration> d) override {
    return set_option(store, self.rep, &RequestOptionsObject::between_bytes_timeout_ns, d);
  }
  Result<bindings::Own<t::RequestOptions>> request_options_clone(Store& store,
                                                                 bindings::Borrow<t::RequestOptions> self) override {
    auto o = get<RequestOptionsObject>(store, self.rep);
    if (!o) return o.error();
    auto copy = std::make_unique<RequestOptionsObject>(**o);
    copy->immutable = false;
    return push<t::RequestOptions>(store, std::move(copy));
  }

  // response
  Result<std::tuple<bindings::Own<t::Response>, TransmitFuture>> response_new(
      Store& store, bindings::Own<t::Headers> headers, std::optional<bindings::Stream<uint8_t>> contents,
      TrailersFuture trailers) override {
    auto made = make_body(store, contents, trailers);
    if (!made) return made.error();
    auto fields = take<Fields>(store, headers.rep);
    if (!fields) return fields.error();
    auto own = push<t::Response>(store, std::make_unique<ResponseObject>((*fields)->entries(), std::move(made->body)));
    if (!own) return own.error();
    return std::make_tuple(*own, TransmitFuture{std::move(made->transmitted_end)});
  }
  Result<t::StatusCode> response_get_status_code(Store& store, bindings::Borrow<t::Response> self) override {
    auto r = get<ResponseObject>(store, self.rep);
    if (!r) return r.error();
    return (*r)->status;
  }
  Result<Unit> response_set_status_code(Store& store, bindings::Borrow<t::Response> self,
                                        t::StatusCode status) override {
    auto r = get<ResponseObject>(store, self.rep);
    if (!r) return r.error();
    if (status < 100 || status > 599) return Unit::err();
    (*r)->status = status;
    return Unit::ok();
  }
  Result<bindings::Own<t::Headers>> response_get_headers(Store& store, bindings::Borrow<t::Response> self) override {
    auto r = get<ResponseObject>(store, self.rep);
    if (!r) return r.error();
    return push<t::Headers>(store, std::make_unique<Fields>((*r)->headers, true));
  }
  Result<ConsumedBody> response_consume_body(Store& store, bindings::Own<t::Response> this_,
                                             TransmitFuture res) override {
    auto r = take<ResponseObject>(store, this_.rep);
    if (!r) return r.error();
    return consume(store, std::move((*r)->body), res);
  }

  // Dropping a request or response drops its body's ends: the guest's writers see DROPPED.
  Result<void> fields_drop(Store& store, uint32_t rep) override { return p2::drop_object<Fields>(ctx(store), rep); }
  Result<void> request_drop(Store& store, uint32_t rep) override {
    return p2::drop_object<RequestObject>(ctx(store), rep);
  }
  Result<void> request_options_drop(Store& store, uint32_t rep) override {
    return p2::drop_object<RequestOptionsObject>(ctx(store), rep);
  }
  Result<void> response_drop(Store& store, uint32_t rep) override {
    return p2::drop_object<ResponseObject>(ctx(store), rep);
  }

 private:
  BodyTypes body_types_;

  template <class T>
  Result<T*> get(Store& store, uint32_t rep) {
    return ctx(store).table().get<T>(rep);
  }
  template <class Tag>
  Result<bindings::Own<Tag>> push(Store& store, std::unique_ptr<p2::HostObject> object) {
    auto rep = ctx(store).table().push(std::move(object));
    if (!rep) return rep.error();
    return bindings::Own<Tag>{*rep};
  }
  // An object the guest handed over by `own`: out of the table, the host's.
  template <class T>
  Result<std::unique_ptr<T>> take(Store& store, uint32_t rep) {
    if (auto typed = get<T>(store, rep); !typed) return typed.error();
    auto removed = ctx(store).table().remove(rep);
    if (!removed) return removed.error();
    return std::unique_ptr<T>(static_cast<T*>(removed->release()));
  }

  static Result<MadeBody> make_body(Store& store, const std::optional<bindings::Stream<uint8_t>>& contents,
                                    const TrailersFuture& trailers) {
    std::optional<Val> contents_end;
    if (contents) contents_end = contents->end;
    return make_guest_body(store, contents_end, trailers.end);
  }
  Result<ConsumedBody> consume(Store& store, HttpBody body, const TransmitFuture& res) {
    auto ends = std::holds_alternative<GuestBody>(body)
                    ? consume_guest_body(store, std::get<GuestBody>(std::move(body)), res.end)
                    : consume_host_body(store, ctx(store), body_types_.lock(), std::get<HostBody>(std::move(body)), res.end);
    if (!ends) return ends.error();
    return ConsumedBody{bindings::Stream<uint8_t>{std::move(ends->first)}, TrailersFuture{std::move(ends->second)}};
  }

  Result<std::optional<t::Duration>> option(Store& store, uint32_t rep,
                                            std::optional<uint64_t> RequestOptionsObject::*field) {
    auto o = get<RequestOptionsObject>(store, rep);
    if (!o) return o.error();
    return (*o)->*field;
  }
  Result<OptionsResult> set_option(Store& store, uint32_t rep, std::optional<uint64_t> RequestOptionsObject::*field,
                                   std::optional<t::Duration> d) {
    auto o = get<RequestOptionsObject>(store, rep);
    if (!o) return o.error();
    if ((*o)->immutable) return OptionsResult::err(t::RequestOptionsError::immutable());
    (*o)->*field = d;
    return OptionsResult::ok();
  }
};

}  // namespace

Result<void> add_http_to_linker(component::Linker& linker, bindings::ResourceTypes& types,
                                const p2::CtxLookup& lookup) {
  auto host = std::make_shared<TypesHost>(lookup);
  if (auto r = t::add_to_linker(linker, types, shared_host<t::Host>(host)); !r) return r;
  host->set_types(types);
  return {};
}

}  // namespace stratus::wasi::p3
