#include "wasi/p3/http_service.hpp"

#include <string>
#include <utility>
#include <vector>

#include "stratus/component/async.hpp"
#include "wasi/http/error_code.hpp"
#include "wasi/http/fields.hpp"
#include "wasi/p2/pollable.hpp"
#include "wasi/p3/http_client.hpp"
#include "wasi/p3/http_objects.hpp"
#include "wasi/p3/wasi_p3.hpp"
#include "wit/p3/wasi/http/types.hpp"

namespace stratus::wasi::p3 {
namespace {

namespace t = wit::p3::wasi::http::types;
namespace bindings = component::bindings;
using HandleResult = bindings::WitResult<bindings::Own<t::Response>, t::ErrorCode>;

constexpr std::string_view kHandlerPrefix = "wasi:http/handler@0.3.";

std::optional<component::Func> find_handler(const component::Instance& instance) {
  for (const std::string& name : instance.export_names())
    if (name.starts_with(kHandlerPrefix))
      if (auto f = instance.get_func(name + "#handle")) return f;
  return std::nullopt;
}

http::FieldList lower_cased(http::FieldList fields) {
  for (auto& field : fields) field.first = http::lower_case_field_name(std::move(field.first));
  return fields;
}

http::HandleOutcome trapped(Error error) {
  http::HandleOutcome outcome;
  outcome.kind = http::HandleOutcome::Kind::Trapped;
  outcome.message = error.message();
  outcome.trap = std::move(error);
  return outcome;
}

}  // namespace

Result<ServiceLinking> add_service_to_linker(component::Linker& linker, p2::CtxLookup get_ctx) {
  if (auto r = http::add_to_linker(linker, get_ctx); !r) return r.error();
  ServiceLinking linking;
  if (auto r = add_to_linker(linker, linking.types, std::move(get_ctx), add_http_client_to_linker); !r)
    return r.error();
  return linking;
}

bool is_service(const component::Component& component) {
  for (const auto& item : component.type().exports)
    if (item.name.starts_with(kHandlerPrefix)) return true;
  return false;
}

Result<http::HandleOutcome> handle_service_request(Store& store, const component::Instance& instance,
                                                   const ServiceLinking& linking, http::RequestHead head,
                                                   std::shared_ptr<http::IncomingBody> body,
                                                   std::shared_ptr<http::ResponseSink> sink, p2::CtxLookup get_ctx) {
  auto handler = find_handler(instance);
  if (!handler)
    return Error(ErrorKind::Link,
                 "the component exports no wasi:http/handler@0.3.x with a `handle` function: "
                 "build it for the wasi:http/service world");
  p2::WasiP2Ctx& ctx = get_ctx ? get_ctx(store) : p2::ctx_from_user_data(store);

  auto request = std::make_unique<RequestObject>(lower_cased(std::move(head.headers)), HostBody{std::move(body)});
  request->method = std::move(head.method);
  request->scheme = std::move(head.scheme);
  request->authority = std::move(head.authority);
  request->path_with_query = std::move(head.path_with_query);
  auto rep = ctx.table().push(std::move(request));
  if (!rep) return rep.error();
  bindings::Context cx(store, linking.types);
  auto request_val = bindings::to_val(cx, bindings::Own<t::Request>{*rep});
  if (!request_val) return request_val.error();

  // The response is taken and its body started at task.return, since the guest's tasks that
  // write the body run before the call returns.
  http::HandleOutcome outcome;
  bool answered = false, ended = false;
  std::optional<Error> failure;
  auto on_end = [&ended, &outcome](bool whole) {
    ended = true;
    outcome.body_complete = whole;
  };
  auto on_return = [&](const component::Val& result) {
    answered = true;
    auto returned = bindings::from_val<HandleResult>(cx, result);
    if (!returned) return (void)(failure = returned.error());
    if (!returned->is_ok()) {
      outcome.kind = http::HandleOutcome::Kind::ErrorCode;
      outcome.message = std::string(http::error_code_name(returned->error().value.index()));
      return;
    }
    auto object = ctx.table().remove(returned->value().rep);
    if (!object) return (void)(failure = object.error());
    std::unique_ptr<ResponseObject> response(static_cast<ResponseObject*>(object->release()));
    if (auto started = sink->start(response->status, response->headers); !started)
      return (void)(failure = started.error());
    outcome.kind = http::HandleOutcome::Kind::Responded;
    outcome.response_started = true;
    if (auto* guest = std::get_if<GuestBody>(&response->body))
      send_guest_body(store, ctx, linking.types, std::move(*guest), sink, on_end);
    else send_host_body(std::get<HostBody>(std::move(response->body)), sink, on_end);
  };

  const std::vector<component::Val> args = {std::move(*request_val)};
  auto called = handler->call(store, args, on_return);
  if (!called) {
    auto cut = trapped(called.error());
    cut.response_started = outcome.response_started;
    return cut;
  }
  if (failure) return *failure;
  if (!answered) return trapped(Error(ErrorKind::Trap, "wasi:http/handler.handle exited without a result"));
  if (outcome.kind != http::HandleOutcome::Kind::Responded) return outcome;

  auto& loop = component::EventLoop::current();
  while (!ended) {
    if (p2::deadline_passed(store)) {
      auto cut = trapped(p2::interrupted());
      cut.response_started = true;
      return cut;
    }
    // Bounded, so that a client that stops reading still meets the deadline.
    if (!loop.run_once(true, p2::kInterruptCheckInterval)) break;
  }
  if (!ended) outcome.message = "the guest dropped the response body before it ended";
  else if (!outcome.body_complete) outcome.message = "the response body was cut short";
  return outcome;
}

}  // namespace stratus::wasi::p3
