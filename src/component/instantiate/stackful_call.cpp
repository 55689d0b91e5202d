#include "component/instantiate/stackful_call.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "component/abi/instance_flags.hpp"
#include "component/abi/traps.hpp"
#include "component/abi/values.hpp"
#include "component/async/backpressure.hpp"
#include "component/instantiate/bound_memory.hpp"
#include "stratus/trap.hpp"

namespace stratus::component::detail {

StackfulCall::StackfulCall(Store& store, const FuncRecord& f, const abi::ComponentInstanceFlags* caller,
                           std::function<void(const Val&)> on_return)
    : store_(store), instance_(f.instance), caller_(caller), on_return_(std::move(on_return)) {
  const FuncType& type = f.types->func(*f.type);
  task_.async = true;
  task_.stackful = true;
  task_.result_type = type.result;
  task_.options_identity = &f.options;
  task_.on_return = on_return_ ? &on_return_ : nullptr;
  task_.store = &store;
  task_.entered_from = caller;
}

StackfulCall::~StackfulCall() { stratus::detail::discard_parked(parked_); }

Result<std::shared_ptr<StackfulCall>> StackfulCall::start(Store& store, const FuncRecord& f, std::span<const Val> args,
                                                          const abi::ComponentInstanceFlags* caller,
                                                          std::function<void(const Val&)> on_return,
                                                          StackfulCallHooks hooks) {
  auto call = std::make_shared<StackfulCall>(store, f, caller, std::move(on_return));
  if (hooks.on_resolve) {
    StackfulCall* self = call.get();  // the task lives in the call
    call->task_.on_resolve = [self] { self->hooks_.on_resolve(self->task_); };
  }
  call->hooks_ = std::move(hooks);
  // A stackful lift's type is `async` (validation), so backpressure applies to it.
  if (async::Backpressure& backpressure = f.instance->backpressure; backpressure.must_wait()) {
    backpressure.begin_waiting();
    call->waiting_for_ = &f;
    call->waiting_args_.assign(args.begin(), args.end());
    call->track_live();
    async::Scheduler::current().park(*call);
    return call;
  }
  if (auto ok = call->enter(f, args); !ok) return ok.error();
  return call;
}

Result<void> StackfulCall::enter(const FuncRecord& f, std::span<const Val> args) {
  const abi::FuncLayout& layout = f.layouts->func(*f.type);
  abi::ComponentInstanceFlags& flags = f.instance->flags;
  if (auto entered = flags.enter_from(caller_); !entered) return entered;
  std::vector<uint64_t> cells;
  {
    BoundMemory memory(store_, f.options);
    abi::LiftLowerContext cx = memory.context(*f.types, *f.layouts, *f.instance, &scope_);
    auto lowered = abi::lower_arguments(cx, layout, args);
    if (!lowered) {
      // A host value that does not fit ran no guest code but its realloc: the instance stays usable.
      if (lowered.error().kind() != ErrorKind::Trap) flags.leave_to(caller_);
      return lowered.error();
    }
    cells = std::move(*lowered);
  }
  if (hooks_.on_started) hooks_.on_started();
  cells.resize(std::max<size_t>(cells.size(), 1));
  track_live();
  run([&] { return stratus::detail::call_cells_parkable(store_, f.core.raw(), cells.data()); });
  return {};
}

void StackfulCall::track_live() {
  if (live_set_) return;
  live_ = instance_->stackful_calls.insert(instance_->stackful_calls.end(), shared_from_this());
  live_set_ = true;
}

void StackfulCall::run(const std::function<Result<stratus::detail::ParkedWasm>()>& step) {
  const std::shared_ptr<StackfulCall> keep = shared_from_this();  // finish may drop the last owner
  ComponentInstanceState& instance = *instance_;
  async::Task* const outer = instance.current_task;
  instance.current_task = &task_;
  Result<stratus::detail::ParkedWasm> ran = step();
  instance.current_task = outer;
  if (!ran) return finish(ran.error());  // a trap: the instance stays entered for good
  if (*ran) {
    parked_ = *ran;
    if (!task_.parked_on) return finish(Error(ErrorKind::Host, "a stackful task parked without saying what for"));
    // A parked task is not in the instance: another call may enter it meanwhile.
    instance.flags.leave_to(caller_);
    async::Scheduler::current().park(*this);
    return;
  }
  if (!task_.returned)
    return finish(abi::abi_trap("the async export's task exited without calling task.return (or task.cancel)"));
  if (auto ok = abi::check_borrows_returned(scope_); !ok) return finish(ok.error());
  instance.flags.leave_to(caller_);
  std::vector<Val> results;
  if (task_.result) results.push_back(std::move(*task_.result));
  finish(std::move(results));
}

bool StackfulCall::ready() const {
  if (waiting_for_) return !instance_->backpressure.on() && instance_->flags.may_enter_from(caller_);
  return task_.parked_on && task_.parked_on->ready() && instance_->flags.may_enter_from(caller_);
}

void StackfulCall::resume() {
  if (waiting_for_) {
    const FuncRecord& f = *std::exchange(waiting_for_, nullptr);
    instance_->backpressure.end_waiting();
    const std::vector<Val> args = std::move(waiting_args_);
    if (auto ok = enter(f, args); !ok) finish(ok.error());
    return;
  }
  if (auto entered = instance_->flags.enter_from(caller_); !entered) return abandon(entered.error());
  run([this]() -> Result<stratus::detail::ParkedWasm> {
    stratus::detail::ParkedWasm parked = std::exchange(parked_, nullptr);
    const async::ParkedOn on = std::move(*task_.parked_on);
    task_.parked_on.reset();
    // Made as the instance's task: it may deliver an event.
    Result<std::optional<uint64_t>> value = on.result();
    if (!value) {
      stratus::detail::discard_parked(parked);
      // The host's failure traps the guest, as it would have had the built-in not parked.
      if (value.error().kind() == ErrorKind::Trap) return value.error();
      return Error(std::make_shared<const Trap>(TrapKind::HostTrap, value.error().message()));
    }
    const uint64_t result_cell = value->value_or(0);
    uint64_t cells[1] = {};
    return stratus::detail::resume_cells(store_, parked, std::span<const uint64_t>(&result_cell, value->has_value()),
                                         cells);
  });
}

void StackfulCall::abandon(Error why) {
  async::Scheduler::forget(*this);
  if (std::exchange(waiting_for_, nullptr)) instance_->backpressure.end_waiting();
  stratus::detail::discard_parked(std::exchange(parked_, nullptr));
  task_.parked_on.reset();
  finish(std::move(why));
}

bool StackfulCall::request_cancel() {
  if (waiting_for_) {
    abandon(Error(ErrorKind::Host, "the call was cancelled before it started"));
    return true;
  }
  task_.cancel_requested = true;
  return false;
}

void StackfulCall::finish(Result<std::vector<Val>> outcome) {
  if (!state_->outcome) {
    state_->outcome = std::move(outcome);
    if (auto on_exit = std::exchange(hooks_.on_exit, {})) on_exit(*state_->outcome);
  }
  if (live_set_) {
    live_set_ = false;
    instance_->stackful_calls.erase(live_);  // may be the last owner: the caller keeps one
  }
}

Error StackfulCall::stuck_error() const {
  return waiting_for_ ? async::backpressure_never_ends(instance_->backpressure) : nothing_can_wake();
}

Error nothing_can_wake() {
  return abi::abi_trap(
      "the stackful task waits, but nothing can deliver it an event (no host work is pending, no other task can run)");
}

void run_to_exit(StackfulCall& call) {
  if (call.exited()) return;
  const std::shared_ptr<StackfulCall> keep = call.shared_from_this();
  if (!async::Scheduler::current().run_until([&] { return call.exited(); })) call.abandon(call.stuck_error());
}

ComponentInstanceState::~ComponentInstanceState() {
  while (!stackful_calls.empty()) {
    const std::shared_ptr<StackfulCall> call = stackful_calls.front();
    call->abandon(Error(ErrorKind::Host, "the task's Store was dropped before the task exited"));
  }
}

}  // namespace stratus::component::detail
