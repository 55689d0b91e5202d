#include "component/instantiate/async_lower_guest.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "component/abi/context.hpp"
#include "component/async/async_call.hpp"
#include "component/async/backpressure.hpp"
#include "component/async/scheduler.hpp"
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
  // The event lives in the subtask, so it never outlives it.
  GuestSubtask* self = &sub;
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
  return StackfulCall::start(*s.store, *s.real, args, &s.caller->flags, {}, std::move(hooks));
}

// A callback or sync lift runs to its end inside the call: the callee's waits run other tasks and
// the host's work meanwhile (wait.hpp), but the caller goes on only when it returned.
Result<void> run_stackless(const AsyncLowerSite& s, GuestSubtask& sub, std::span<const Val> args,
                           std::span<const uint64_t> flat_params) {
  auto out = call_lifted(*s.store, *s.real, args, &s.caller->flags);
  if (!out) return out.error();
  std::optional<Val> result;
  if (!out->empty()) result = std::move((*out)[0]);
  return store_result(s, sub, result, flat_params);
}

// A callback or sync lift that could not enter at once: its instance's backpressure is on or
// another task holds it exclusively (CanonicalABI.md's implicit backpressure). It waits
// parked, STARTING, and runs when the scheduler finds the instance free.
class WaitingStacklessCall final : public async::Resumable {
 public:
  WaitingStacklessCall(std::shared_ptr<const AsyncLowerSite> site, const std::shared_ptr<GuestSubtask>& sub,
                       std::vector<Val> args, std::vector<uint64_t> flat_params)
      : site_(std::move(site)), sub_(sub), args_(std::move(args)), flat_params_(std::move(flat_params)) {
    backpressure().begin_waiting();
    async::Scheduler::current().park(*this);
  }
  // Only with its subtask, when the caller's instance goes (a subtask is dropped only once resolved).
  ~WaitingStacklessCall() override { async::Scheduler::forget(*this); }

  bool ready() const override {
    return !backpressure().stops(true) && site_->real->instance->flags.may_enter_from(&site_->caller->flags);
  }
  void resume() override {
    stop_waiting();
    auto sub = sub_.lock();  // kept: resolving lets the caller drop the subtask, and this with it
    if (!sub) return;
    sub->state = State::Started;
    if (auto ran = run_stackless(*site_, *sub, args_, flat_params_); !ran) sub->failure = ran.error();
    resolve(*sub, State::Returned);
  }
  void end(Error why) override { fail(std::move(why)); }
  void end_stuck() override { fail(async::backpressure_never_ends(backpressure())); }
  const Store* store() const override { return site_->store; }

  // subtask.cancel before it started: it never does.
  void cancel() {
    stop_waiting();
    if (auto sub = sub_.lock()) resolve(*sub, State::CancelledBeforeStarted);
  }

 private:
  async::Backpressure& backpressure() const { return site_->real->instance->backpressure; }
  void stop_waiting() {
    async::Scheduler::forget(*this);
    if (std::exchange(waiting_, false)) backpressure().end_waiting();
  }
  void fail(Error why) {
    stop_waiting();
    auto sub = sub_.lock();
    if (!sub) return;
    sub->failure = std::move(why);
    resolve(*sub, State::Returned);
  }
  static void resolve(GuestSubtask& sub, State state) {
    sub.state = state;
    progress(sub);
  }

  std::shared_ptr<const AsyncLowerSite> site_;
  std::weak_ptr<GuestSubtask> sub_;
  std::vector<Val> args_;
  std::vector<uint64_t> flat_params_;
  bool waiting_ = true;
};

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
    if (!s.real->instance->backpressure.must_wait(true)) {
      if (auto ran = run_stackless(s, *sub, args, flat_params); !ran) return ran.error();
      sub->scope.finish();
      return kReturned;
    }
    auto index = s.caller->handles.add(sub);
    if (!index) return index.error();
    sub->index = *index;
    auto waiting = std::make_shared<WaitingStacklessCall>(site, sub, std::move(args), flat_params);
    sub->on_cancel = [waiting] { waiting->cancel(); };
    return static_cast<uint32_t>(State::Starting) | (*index << 4);
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
