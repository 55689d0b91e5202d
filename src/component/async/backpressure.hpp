// An instance's backpressure (CanonicalABI.md's ComponentInstance.backpressure and
// num_waiting_to_enter): the counter backpressure.inc and backpressure.dec move, and the
// async-typed calls waiting to enter the instance until it is back at 0
// (Task.enter_implicit_thread). Calls of functions whose type is not `async` never wait.
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
  // Whether a new async-typed call waits before it enters: backpressure is on, or calls that
  // waited for it are still waiting and go first (the spec's residual backpressure).
  bool must_wait() const { return count_ > 0 || waiting_ > 0; }
  void begin_waiting() { ++waiting_; }
  void end_waiting() { --waiting_; }

 private:
  uint32_t count_ = 0;
  uint32_t waiting_ = 0;
};

// The trap of a call that waits to enter while nothing left to run could lower `bp`.
Error backpressure_never_ends(const Backpressure& bp);

// Blocks the thread, when `bp` says a new async-typed call must wait, until it may enter:
// turns of wait_turn (the thread's parked tasks that are ready go on, then the EventLoop),
// at least one when earlier calls are waiting, until backpressure is off. A trap at `store`'s
// deadline, or when nothing is left that could lower it.
Result<void> wait_to_enter(Backpressure& bp, const Store* store);

}  // namespace stratus::component::async
