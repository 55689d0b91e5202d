// A function a component instance exports (a `canon lift` of a core function).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "stratus/component/types.hpp"
#include "stratus/component/val.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component {

namespace detail {
struct FuncRecord;
struct Access;
struct StartedCallState;
class StackfulCall;
}  // namespace detail

template <class Sig>
class TypedFunc;

// A call started with Func::start. A stackful task (an export lifted `async` without a
// callback) runs until it first waits or yields, then parks (its interpreter stack kept,
// no native stack held), and goes on when the thread's tasks are run: by wait(), by
// run_started_tasks(), or by any Func::call of a stackful export on the thread. Copyable;
// every copy names the one call.
class StartedCall {
 public:
  // Whether the task has exited (or trapped, or was ended by its Store's deadline,
  // interrupt(), or the Store going away).
  bool done() const;
  // The call's results once done: an Error (kind Trap for a trap, the deadline's Interrupt
  // included) when it did not return; an Argument error while it is not done.
  Result<std::vector<Val>> result() const;
  // Runs this thread's parked tasks and the host's work (the EventLoop) until this call is
  // done, then gives its result. A task that nothing can wake any more (it waits on a set no
  // host work or other task will give an event) ends with a trap.
  Result<std::vector<Val>> wait() const;

 private:
  friend class Func;
  StartedCall(std::shared_ptr<detail::StartedCallState> state, std::weak_ptr<detail::StackfulCall> call)
      : state_(std::move(state)), call_(std::move(call)) {}
  std::shared_ptr<detail::StartedCallState> state_;
  std::weak_ptr<detail::StackfulCall> call_;
};

// Runs this thread's parked stackful tasks (of every Store) and the host's work until none is
// left. Tasks that nothing can wake any more end with a trap, and so does this (an Error of
// kind Trap saying how many); each StartedCall tells its own outcome.
Result<void> run_started_tasks();
// How many stackful tasks are parked on this thread.
size_t parked_task_count();

class Func {
 public:
  Func() = default;

  // Lowers `params` into the callee (ErrorKind::Argument when one does not fit its type),
  // runs it, lifts the results and then runs the callee's post-return function, as the
  // canonical ABI does. A trap, including a bad value lifted from the guest, is an Error of
  // kind Trap; so is a call into an instance that may not be entered (a reentrant call, or
  // one after an instance trapped). A call of an async-typed function first waits while the
  // instance's backpressure is on (the thread's parked tasks and EventLoop run meanwhile),
  // and traps when nothing left to run could lower it.
  Result<std::vector<Val>> call(Store& store, std::span<const Val> params) const;
  // The same, for an async-lifted export whose task goes on after task.return (a wasi:http
  // handler still writing its response body): `on_return` gets the result at task.return,
  // from inside the guest's call, and may take what it holds (a resource, a stream) and start
  // host work on the thread's EventLoop; call still returns once the task has exited. Not
  // called for a sync-lifted function or a function without a result.
  Result<std::vector<Val>> call(Store& store, std::span<const Val> params,
                                const std::function<void(const Val&)>& on_return) const;
  // Starts a call without waiting for its task to exit, so that many tasks of one Store may
  // be suspended at once. For an export lifted `async` without a callback (a stackful task)
  // it runs the task until it first parks (waitable-set.wait, thread.yield) or exits, or,
  // while the instance's backpressure is on, returns at once with the call waiting to enter
  // (its arguments are lowered when it starts, and a failure then is its result); any
  // other function runs to its end here, as call does, and the StartedCall is done at once.
  // An Error when the call could not start (arguments that do not fit, a reentrant call);
  // what happens once the guest ran is the StartedCall's result. `on_return` as for call.
  Result<StartedCall> start(Store& store, std::span<const Val> params,
                            std::function<void(const Val&)> on_return = {}) const;
  types::ComponentFunc type() const;

  // Checks once that the C++ signature `R(Args...)` fits the function's component type (an
  // ErrorKind::Argument error naming the first part that does not); calls through the result
  // lower and lift C++ values directly. Defined in stratus/component/typed_func.hpp.
  template <class Sig>
  Result<TypedFunc<Sig>> typed() const;

  explicit operator bool() const { return f_ != nullptr; }

 private:
  friend struct detail::Access;
  explicit Func(detail::FuncRecord* f) : f_(f) {}
  detail::FuncRecord* f_ = nullptr;
};

}  // namespace stratus::component
