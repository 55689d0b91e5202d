#include "wasi/http/proxy.hpp"

#include <cctype>
#include <string_view>
#include <vector>

#include "stratus/component/bindings.hpp"
#include "stratus/component/val.hpp"
#include "wasi/http/error_code.hpp"
#include "wasi/http/hosts.hpp"
#include "wasi/http/objects.hpp"

namespace stratus::wasi::http {
namespace {

constexpr std::string_view kHandlerPrefix = "wasi:http/incoming-handler@0.2.";

// `0.2.N` with a plain patch number: what the component Linker's semver rule matches for
// 0.x (pre-releases match only exactly, and this host has none).
bool is_handler_0_2(std::string_view name) {
  if (!name.starts_with(kHandlerPrefix)) return false;
  const std::string_view patch = name.substr(kHandlerPrefix.size());
  return !patch.empty() && std::all_of(patch.begin(), patch.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

Result<component::ResourceType> type_of(const component::bindings::ResourceTypes& types, std::string_view name) {
  if (const component::ResourceType* t = types.find(name)) return *t;
  return Error(ErrorKind::Link, "wasi:http add_to_linker: the resource type " + std::string(name) + " was not defined");
}

// A host object handed to the guest as an own<T> in `store`.
Result<component::ResourceHandle> hand_over(Store& store, p2::WasiP2Ctx& ctx, const component::ResourceType& type,
                                            std::unique_ptr<p2::HostObject> object) {
  auto rep = ctx.table().push(std::move(object));
  if (!rep) return rep.error();
  auto handle = component::resource_new_own(store, type, *rep);
  if (!handle) (void)ctx.table().remove(*rep);
  return handle;
}

// After handle returned with the response set: is the body whole?
Result<bool> settle_body(Store& store, ExchangeState& state) {
  if (!state.body_taken) {
    // The guest never asked for the body: it is empty.
    auto finished = state.body->finish(store, std::nullopt);
    if (!finished) return finished.error();
    return !finished->has_value();
  }
  return state.body->state() == OutgoingBodyChannel::State::Finished;
}

}  // namespace

Result<ProxyLinking> add_to_linker(component::Linker& linker, p2::CtxLookup get_ctx) {
  if (!get_ctx) get_ctx = p2::ctx_from_user_data;
  component::bindings::ResourceTypes types;
  if (auto r = p2::add_to_linker(linker, types, get_ctx); !r) return r.error();
  if (auto r = add_types_to_linker(linker, types, get_ctx); !r) return r.error();
  if (auto r = add_outgoing_handler_to_linker(linker, types, get_ctx); !r) return r.error();
  auto request = type_of(types, wit::wasi::http::types::IncomingRequest::kWitName);
  if (!request) return request.error();
  auto outparam = type_of(types, wit::wasi::http::types::ResponseOutparam::kWitName);
  if (!outparam) return outparam.error();
  return ProxyLinking{*request, *outparam};
}

Result<component::Func> find_incoming_handler(const component::Instance& instance) {
  std::string exports;
  for (const std::string& name : instance.export_names()) {
    if (is_handler_0_2(name))
      if (auto f = instance.get_func(name + "#handle")) return *f;
    exports += (exports.empty() ? "" : ", ") + name;
  }
  return Error(ErrorKind::Link, "the component exports no wasi:http/incoming-handler@0.2.x with a `handle` function (its exports: " +
                                    (exports.empty() ? std::string("none") : exports) +
                                    "): build it for the wasi:http/proxy world");
}

Result<HandleOutcome> handle_request(Store& store, const component::Instance& instance, const ProxyLinking& linking,
                                     RequestHead head, std::shared_ptr<IncomingBody> body,
                                     std::shared_ptr<ResponseSink> sink, p2::CtxLookup get_ctx) {
  auto handler = find_incoming_handler(instance);
  if (!handler) return handler.error();
  p2::WasiP2Ctx& ctx = get_ctx ? get_ctx(store) : p2::ctx_from_user_data(store);

  auto state = std::make_shared<ExchangeState>();
  state->sink = std::move(sink);
  auto request = hand_over(store, ctx, linking.incoming_request,
                           std::make_unique<IncomingRequestObject>(std::move(head), std::move(body)));
  if (!request) return request.error();
  auto outparam = hand_over(store, ctx, linking.response_outparam, std::make_unique<ResponseOutparamObject>(state));
  if (!outparam) return outparam.error();

  const std::vector<component::Val> args = {component::Val(*request), component::Val(*outparam)};
  auto called = handler->call(store, args);

  HandleOutcome outcome;
  outcome.response_started = state->response_set;
  if (!called) {
    outcome.kind = HandleOutcome::Kind::Trapped;
    outcome.message = called.error().message();
    outcome.trap = called.error();
    outcome.body_complete = state->response_set && state->body_taken &&
                            state->body->state() == OutgoingBodyChannel::State::Finished;
    return outcome;
  }
  if (state->response_set) {
    outcome.kind = HandleOutcome::Kind::Responded;
    auto whole = settle_body(store, *state);
    if (!whole) {
      outcome.kind = HandleOutcome::Kind::Trapped;
      outcome.message = whole.error().message();
      outcome.trap = whole.error();
      return outcome;
    }
    outcome.body_complete = *whole;
    if (!*whole) outcome.message = "the guest did not finish the response body (outgoing-body.finish)";
    return outcome;
  }
  if (state->error_code) {
    outcome.kind = HandleOutcome::Kind::ErrorCode;
    outcome.message = describe(*state->error_code);
    return outcome;
  }
  outcome.kind = HandleOutcome::Kind::NoResponse;
  outcome.message = "the guest returned from incoming-handler.handle without calling response-outparam.set";
  return outcome;
}

}  // namespace stratus::wasi::http
