// An instance's backpressure (CanonicalABI.md's ComponentInstance.backpressure,
// num_waiting_to_enter and exclusive_thread): the counter backpressure.inc and
// backpressure.dec move, the task holding the instance exclusively, and the async-typed calls
// waiting to enter the instance until neither stops them (Task.enter_implicit_thread). Calls
// of functions whose type is not `async` never wait.
#pragma once

#include <cstdint>

#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component::async {

class Backpressure {
 public:
  static constexpr uint32_t kMax = (1u << 16) - 1;

  // Traps when the counter would pass kMax (inc) or fall below 0 (dec).
  Result<void> inc();
  Result<void> dec();
  uint32_t count() const { return count_; }
  bool on() const { return count_ > 0; }
  // The spec's implicit backpressure: a task that needs the instance exclusively (a callback
  // or sync lift of an async-typed function, Task.needs_exclusive) holds it while its core
  // wasm runs, a sync lift until it returns; a callback lift lets go while it waits.
  bool exclusive() const { return exclusive_ != nullptr; }
  void take_exclusive(const void* task) { exclusive_ = task; }
  void release_exclusive(const void* task) {
    if (exclusive_ == task) exclusive_ = nullptr;
  }
  // Whether an async-typed call may not enter yet: explicit backpressure, or (for one that
  // needs the instance exclusively) another task holding it.
  bool stops(bool needs_exclusive) const { return count_ > 0 || (needs_exclusive && exclusive_); }
  // Whether a new async-typed call waits before it enters: it is stopped, or calls that
  // waited are still waiting and go first (the spec's residual backpressure).
  bool must_wait(bool needs_exclusive = false) const { return stops(needs_exclusive) || waiting_ > 0; }
  void begin_waiting() { ++waiting_; }
  void end_waiting() { --waiting_; }

 private:
  uint32_t count_ = 0;
  uint32_t waiting_ = 0;
  const void* exclusive_ = nullptr;
};

// The trap of a call that waits to enter while nothing left to run could lower `bp`.
Error backpressure_never_ends(const Backpressure& bp);

// Blocks the thread, when `bp` says a new async-typed call must wait, until it may enter:
// turns of wait_turn (the thread's parked tasks that are ready go on, then the EventLoop),
// at least one when earlier calls are waiting, until backpressure is off. A trap at `store`'s
// deadline, or when nothing is left that could lower it. `needs_exclusive`: the call waits for
// the task holding the instance exclusively too.
Result<void> wait_to_enter(Backpressure& bp, const Store* store, bool needs_exclusive = false);

}  // namespace stratus::component::async
