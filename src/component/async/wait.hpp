// How a guest waits for the host's work: one turn of the thread's EventLoop at a time, each
// bounded, so that a task suspended on I/O that never comes still ends at its Store's epoch
// deadline or interrupt(), as running code does.
#pragma once

#include <chrono>

#include "stratus/component/async.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component::async {

// How long a blocking turn waits at most before the deadline is looked at again: as often as
// WASI 0.2's blocking waits look at it.
inline constexpr std::chrono::milliseconds kInterruptCheck{10};

// Whether `store`'s epoch deadline has passed (or interrupt() was called); never for null.
bool deadline_passed(const Store* store);
// The trap a passed deadline ends a task with.
Error interrupt_error();

// A trap of kind Interrupt once `store`'s deadline has passed (or interrupt() was called);
// else one turn: the thread's parked stackful tasks that are ready go on (scheduler.hpp: a
// task that blocks does not stall them), and if none was, one blocking turn of `loop`,
// waiting at most 10 ms. True while something is left to run or wait for. A null store is
// never interrupted.
Result<bool> wait_turn(EventLoop& loop, const Store* store);

}  // namespace stratus::component::async
