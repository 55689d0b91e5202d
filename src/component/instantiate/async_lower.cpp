#include "component/instantiate/async_lower.hpp"

#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "component/abi/context.hpp"
#include "component/abi/layout.hpp"
#include "component/abi/values.hpp"
#include "component/async/async_call.hpp"
#include "component/async/waitables.hpp"
#include "component/instantiate/async_lower_guest.hpp"
#include "component/instantiate/bound_memory.hpp"

namespace stratus::component::detail {

namespace {

using State = async::Subtask::State;

// CanonicalABI.md's MAX_FLAT_ASYNC_PARAMS: more flat params than this are passed through a
// pointer to their tuple.
constexpr uint32_t kMaxFlatAsyncParams = 4;

}  // namespace

Result<AsyncLowerArgs> lift_async_arguments(const AsyncLowerSite& s, std::span<const stratus::Val> params,
                                            abi::CallScope& scope) {
  if (auto ok = s.caller->flags.check_may_leave(); !ok) return ok.error();
  AsyncLowerArgs lifted;
  lifted.flat.reserve(params.size());
  for (const stratus::Val& p : params) lifted.flat.push_back(abi::val_to_cell(p));
  BoundMemory memory(*s.store, s.options);
  abi::LiftLowerContext cx = memory.context(*s.callee->types, *s.callee->layouts, *s.caller, &scope);
  auto args = abi::lift_arguments(cx, s.layout, lifted.flat);
  if (!args) return args.error();
  lifted.args = std::move(*args);
  return lifted;
}

Result<void> store_async_result(const AsyncLowerSite& s, abi::CallScope& scope, const std::optional<Val>& result,
                                std::span<const uint64_t> flat_params) {
  BoundMemory memory(*s.store, s.options);
  abi::LiftLowerContext cx = memory.context(*s.callee->types, *s.callee->layouts, *s.caller, &scope);
  auto lowered = abi::lower_result(cx, s.layout, s.result, result, flat_params);
  if (!lowered) return lowered.error();
  return {};
}

abi::FuncLayout async_lower_layout(const abi::FuncLayout& sync, bool has_result) {
  abi::FuncLayout l = sync;
  l.params_in_memory = !l.params_tuple.fits_flat(kMaxFlatAsyncParams);
  l.param_flat = l.params_in_memory ? std::vector<abi::FlatType>{} : l.params_tuple.flat;
  l.result_flat.clear();
  l.result_in_memory = has_result;
  return l;
}

namespace {

// The host's result, stored at the result pointer (the call's last flat param).
Result<void> store_result(const AsyncLowerSite& s, HostSubtask& sub, std::vector<Val> out,
                          std::span<const uint64_t> flat_params) {
  const size_t want = s.result ? 1 : 0;
  if (out.size() != want)
    return Error(ErrorKind::Host, "host function \"" + std::string(s.callee->name) + "\" returned " + std::to_string(out.size()) +
                                      " result(s), but its type has " + std::to_string(want));
  if (!s.result) return {};
  return store_async_result(s, sub.scope, out[0], flat_params);
}

// The host ended a call whose subtask the guest holds: its SUBTASK event becomes pending, and
// delivering it ends the call's lends. A failure (the host's, or storing its result) is kept
// for the delivery to trap with, since no guest code is on the stack to trap now.
void resolve_later(const AsyncLowerSite& s, HostSubtask& sub, std::span<const uint64_t> flat_params) {
  AsyncCallState& call = *sub.call;
  if (call.failure) {
    sub.failure = *call.failure;
  } else if (!call.cancelled) {
    if (auto stored = store_result(s, sub, std::move(call.results), flat_params); !stored) sub.failure = stored.error();
  }
  sub.state = call.cancelled ? State::CancelledBeforeReturned : State::Returned;
  HostSubtask* self = &sub;  // the event lives in the subtask, so it never outlives it
  sub.set_pending([self] {
    self->resolve_delivered = true;
    self->scope.finish();
    return async::Event{async::EventCode::Subtask, self->index, static_cast<uint32_t>(self->state)};
  });
}

// One call: the guest's status, RETURNED or STARTED | subtask << 4.
Result<uint32_t> call_async_lowered(const std::shared_ptr<const AsyncLowerSite>& site,
                                    std::span<const stratus::Val> params) {
  const AsyncLowerSite& s = *site;
  auto sub = std::make_shared<HostSubtask>();
  auto lifted = lift_async_arguments(s, params, sub->scope);
  if (!lifted) return lifted.error();
  std::vector<Val>& args = lifted->args;
  const std::vector<uint64_t>& flat_params = lifted->flat;
  // A host function reads its arguments before it returns: the call is STARTED at once.
  sub->state = State::Started;
  constexpr uint32_t kReturned = static_cast<uint32_t>(State::Returned);

  const auto* async_fn = s.real->host->target<AsyncHostFuncAdapter>();
  if (!async_fn) {
    std::vector<Val> out;
    if (auto ok = (*s.real->host)(*s.store, args, out); !ok) return ok.error();
    if (auto ok = store_result(s, *sub, std::move(out), flat_params); !ok) return ok.error();
    sub->scope.finish();
    return kReturned;
  }

  auto call = std::make_shared<AsyncCallState>();
  sub->call = call;
  // Until the subtask is in the guest's table (index 0 is never a handle) an end of the call
  // is the host answering before it returned, which the code after fn() handles.
  call->on_done = [site, weak = std::weak_ptr<HostSubtask>(sub), flat_params] {
    auto held = weak.lock();
    if (held && held->index != 0) resolve_later(*site, *held, flat_params);
  };
  if (auto started = async_fn->fn(*s.store, args, AsyncCall(call)); !started) return started.error();
  if (call->done) {
    if (call->failure) return *call->failure;
    if (auto ok = store_result(s, *sub, std::move(call->results), flat_params); !ok) return ok.error();
    sub->scope.finish();
    return kReturned;
  }
  auto index = s.caller->handles.add(sub);
  if (!index) return index.error();
  sub->index = *index;
  HostSubtask* self = sub.get();  // on_cancel lives in the subtask
  sub->on_cancel = [self] {
    AsyncCallState& state = *self->call;
    state.cancel_requested = true;
    // The host may replace its handler from inside it; the copy keeps the running one alive.
    if (auto handler = state.on_cancel) handler();
  };
  return static_cast<uint32_t>(State::Started) | (*index << 4);
}

}  // namespace

Result<Extern> make_async_lower(Store& store, const FuncRecord& callee, ComponentInstanceState& caller,
                                CanonOptions options, uint32_t) {
  const FuncRecord& real = callee.target ? *callee.target : callee;
  const FuncType& type = callee.types->func(*callee.type);
  auto site = std::make_shared<AsyncLowerSite>();
  site->store = &store;
  site->callee = &callee;
  site->real = &real;
  site->caller = &caller;
  site->options = std::move(options);
  site->layout = async_lower_layout(callee.layouts->func(*callee.type), type.result.has_value());
  site->result = type.result;
  stratus::FuncType core = site->layout.core_type(abi::FlattenFor::Lower);
  core.results = {stratus::ValType::I32};
  return Extern(stratus::Func::wrap(
      store, std::move(core),
      [site = std::shared_ptr<const AsyncLowerSite>(std::move(site))](Caller&, std::span<const stratus::Val> params,
                                                                      std::span<stratus::Val> results) -> Result<void> {
        auto status = site->real->is_host() ? call_async_lowered(site, params) : call_guest_async_lowered(site, params);
        if (!status) return status.error();
        results[0] = stratus::Val::i32(static_cast<int32_t>(*status));
        return {};
      }));
}

}  // namespace stratus::component::detail
