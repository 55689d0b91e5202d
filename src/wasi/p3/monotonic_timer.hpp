// The timer behind wasi:clocks/monotonic-clock@0.3.0's wait-until and wait-for: a timerfd on
// the thread's EventLoop, so a waiting guest blocks no host thread and other tasks run.
#pragma once

#include <cstdint>

#include "stratus/component/bindings_async.hpp"
#include "stratus/result.hpp"

namespace stratus::wasi::p3 {

// Ends `reply` once CLOCK_MONOTONIC reaches `deadline_ns` (at once if it has). A guest that
// cancels the wait gets it cancelled at the loop's next turn, and the timer goes with it.
Result<void> resolve_at_monotonic(uint64_t deadline_ns, component::bindings::AsyncReturn<void> reply);

}  // namespace stratus::wasi::p3
