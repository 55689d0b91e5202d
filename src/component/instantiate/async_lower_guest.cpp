#include "component/instantiate/async_lower_guest.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "component/abi/context.hpp"
#include "component/async/async_call.hpp"
#include "component/async/waitables.hpp"
#include "component/instantiate/call.hpp"
#include "component/instantiate/stackful_call.hpp"

namespace stratus::component::detail {

namespace {

using State = async::Subtask::State;

// The callee's subtask in the caller's table. A HostSubtask's lends and failure serve a guest
// callee as they do a host one: the lends end, or the failure traps the caller, when the
// resolution is delivered. Its AsyncCallState stays null.
using GuestSubtask = HostSubtask;

// The callee's result stored at the caller's result pointer (its last flat param).
Result<void> store_result(const AsyncLowerSite& s, GuestSubtask& sub, const std::optional<Val>& result,
                          std::span<const uint64_t> flat_params) {
  if (!s.result) return {};
  if (!result)
    return Error(ErrorKind::Host,
                 "function \"" + std::string(s.callee->name) + "\" returned no result, but its type has one");
  return store_async_result(s, sub.scope, result, flat_params);
}

// The subtask moved on (STARTED, or resolved): its SUBTASK event becomes pending unless one
// is, and tells the state at delivery (CanonicalABI.md's on_progress). Delivering a
// resolution ends the call's lends.
void progress(GuestSubtask& sub) {
  if (sub.index == 0 || sub.has_pending()) return;  // not in the caller's table yet
  GuestSubtask* self = &sub;                        // the event lives in the subtask, so it never outlives it
  sub.set_pending([self] {
    if (self->resolved()) {
      self->resolve_delivered = true;
      self->scope.finish();
    }
    return async::Event{async::EventCode::Subtask, self->index, static_cast<uint32_t>(self->state)};
  });
}

// A stackful callee: its task runs until it parks (or waits to enter), and the subtask moves
// on as the task starts, returns and exits.
Result<std::shared_ptr<StackfulCall>> start_stackful(const std::shared_ptr<const AsyncLowerSite>& site,
                                                     const std::shared_ptr<GuestSubtask>& sub, std::vector<Val> args,
                                                     std::vector<uint64_t> flat_params) {
  const AsyncLowerSite& s = *site;
  const std::weak_ptr<GuestSubtask> weak_sub = sub;
  StackfulCallHooks hooks;
  hooks.on_started = [weak_sub] {
    auto held = weak_sub.lock();
    if (!held || held->state != State::Starting) return;
    held->state = State::Started;
    progress(*held);
  };
  hooks.on_resolve = [site, weak_sub, flat_params](const async::Task& task) {
    auto held = weak_sub.lock();
    if (!held || held->resolved()) return;
    if (task.cancelled) {
      held->state = State::CancelledBeforeReturned;
    } else {
      if (auto stored = store_result(*site, *held, task.result, flat_params); !stored) held->failure = stored.error();
      held->state = State::Returned;
    }
    progress(*held);
  };
  // A trap, or a call that could not start once it waited to enter, before the task resolved:
  // the caller traps when it hears of it.
  hooks.on_exit = [weak_sub](const Result<std::vector<Val>>& outcome) {
    auto held = weak_sub.lock();
    if (!held || held->resolved() || outcome) return;
    if (held->state == State::Starting && held->cancellation_requested) {
      held->state = State::CancelledBeforeStarted;
    } else {
      held->failure = outcome.error();
      held->state = State::Returned;
    }
    progress(*held);
  };
  auto call = StackfulCall::start(*s.store, *s.real, args, &s.caller->flags, {}, std::move(hooks));
  return call;
}

}  // namespace

Result<uint32_t> call_guest_async_lowered(const std::shared_ptr<const AsyncLowerSite>& site,
                                          std::span<const stratus::Val> params) {
  const AsyncLowerSite& s = *site;
  auto sub = std::make_shared<GuestSubtask>();
  auto lifted = lift_async_arguments(s, params, sub->scope);
  if (!lifted) return lifted.error();
  std::vector<Val>& args = lifted->args;
  const std::vector<uint64_t>& flat_params = lifted->flat;
  constexpr uint32_t kReturned = static_cast<uint32_t>(State::Returned);

  if (!is_stackful(*s.real)) {
    // A callback or sync lift runs to its end here: the callee's waits run other tasks and
    // the host's work meanwhile (wait.hpp), but the caller goes on only when it returned.
    auto out = call_lifted(*s.store, *s.real, args, &s.caller->flags);
    if (!out) return out.error();
    std::optional<Val> result;
    if (!out->empty()) result = std::move((*out)[0]);
    if (auto ok = store_result(s, *sub, result, flat_params); !ok) return ok.error();
    sub->scope.finish();
    return kReturned;
  }

  auto call = start_stackful(site, sub, std::move(args), flat_params);
  if (!call) return call.error();
  if (sub->resolved()) {
    if (sub->failure) return *sub->failure;
    sub->scope.finish();
    return kReturned;
  }
  auto index = s.caller->handles.add(sub);
  if (!index) return index.error();
  sub->index = *index;
  sub->on_cancel = [call = *call] {
    // A call still waiting to enter ends now (on_exit makes it CANCELLED_BEFORE_STARTED).
    call->request_cancel();
  };
  return static_cast<uint32_t>(sub->state) | (*index << 4);
}

}  // namespace stratus::component::detail
