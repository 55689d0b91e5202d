// A stackful task: `canon lift ... async` without `callback`. Its core function runs on an
// interpreter stack of its own (stratus::detail::call_cells_parkable); waitable-set.wait and
// thread.yield park it there, leaving the instance, and the thread's Scheduler resumes it
// when what it waits for comes. A parked task holds that stack's touched pages and this
// object, no native stack.
#pragma once

#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "component/abi/context.hpp"
#include "component/async/scheduler.hpp"
#include "component/async/task.hpp"
#include "component/instantiate/records.hpp"
#include "embed/parking.hpp"
#include "stratus/component/func.hpp"
#include "stratus/component/val.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component::detail {

// What a StartedCall (stratus/component/func.hpp) shows the host: set once, when the task exits.
struct StartedCallState {
  std::optional<Result<std::vector<Val>>> outcome;
};

// Lifted `async` without `callback`.
inline bool is_stackful(const FuncRecord& f) { return f.options.async && !f.options.callback; }

// The trap of a stackful task that waits for what nothing can bring.
Error nothing_can_wake();

// What a guest's `async` lower of a stackful export hears of the callee's task
// (CanonicalABI.md's on_start and on_resolve, and the task's end).
struct StackfulCallHooks {
  std::function<void()> on_started;                              // the arguments are lowered: STARTING -> STARTED
  std::function<void(const async::Task&)> on_resolve;            // task.return or task.cancel (the task may go on)
  std::function<void(const Result<std::vector<Val>>&)> on_exit;  // the task ended (or trapped)
};

class StackfulCall final : public async::Resumable, public std::enable_shared_from_this<StackfulCall> {
 public:
  // Lowers `args` into `f`'s instance (entering it from `caller`, null: the host) and runs
  // the core function until it parks or exits. An Error when the call could not start
  // (arguments that do not fit, reentrance); a trap once it ran is the call's outcome.
  // While the instance's backpressure makes new async-typed calls wait, the call waits
  // parked, not entered, and starts when the scheduler finds backpressure off: then a
  // failure to start is its outcome.
  static Result<std::shared_ptr<StackfulCall>> start(Store& store, const FuncRecord& f, std::span<const Val> args,
                                                     const abi::ComponentInstanceFlags* caller,
                                                     std::function<void(const Val&)> on_return,
                                                     StackfulCallHooks hooks = {});

  bool exited() const { return state_->outcome.has_value(); }
  bool waiting_to_enter() const { return waiting_for_ != nullptr; }
  const std::shared_ptr<StartedCallState>& state() const { return state_; }
  // Ends a task that cannot go on (nothing can wake it, or its Store is going away).
  void abandon(Error why);
  // The caller cancelled the call: one still waiting to enter never starts (true); a started
  // task is told (TASK_CANCELLED at its next cancellable wait) and goes on (false).
  bool request_cancel();

  bool ready() const override;
  void resume() override;
  void end(Error why) override { abandon(std::move(why)); }
  void end_stuck() override { abandon(stuck_error()); }
  // Why it cannot go on when nothing can wake it: it waits for an event, or to enter.
  Error stuck_error() const;
  const Store* store() const override { return &store_; }

  StackfulCall(Store& store, const FuncRecord& f, const abi::ComponentInstanceFlags* caller,
               std::function<void(const Val&)> on_return);
  ~StackfulCall() override;

 private:
  // Enters the instance, lowers `args` and runs the core function.
  Result<void> enter(const FuncRecord& f, std::span<const Val> args);
  void track_live();
  // Runs `step` (the first run or a resume) as the instance's current task, then parks the
  // task or ends it by what the step says.
  void run(const std::function<Result<stratus::detail::ParkedWasm>()>& step);
  void finish(Result<std::vector<Val>> outcome);

  Store& store_;
  // The function's instance (not the function record: a Store's instances outlive its
  // function records when it goes).
  ComponentInstanceState* instance_;
  const abi::ComponentInstanceFlags* caller_;
  std::function<void(const Val&)> on_return_;
  StackfulCallHooks hooks_;
  async::Task task_;
  abi::CallScope scope_;  // the call's borrows, which must be dropped before it exits
  stratus::detail::ParkedWasm parked_ = nullptr;
  // While waiting to enter (backpressure): the function and its arguments. A Store's function
  // records outlive its parked tasks' last resume (the instance's destructor ends them).
  const FuncRecord* waiting_for_ = nullptr;
  std::vector<Val> waiting_args_;
  std::shared_ptr<StartedCallState> state_ = std::make_shared<StartedCallState>();
  std::list<std::shared_ptr<StackfulCall>>::iterator live_;  // in f_.instance->stackful_calls
  bool live_set_ = false;
};

// Runs the thread's tasks and host work until `call` exits; ends it with its stuck_error()
// if nothing can make it go on. Its outcome is then in call.state().
void run_to_exit(StackfulCall& call);

}  // namespace stratus::component::detail
