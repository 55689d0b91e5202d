// wasi:io/poll's pollables and the one wait every blocking WASI 0.2 call goes through.
//
// A pollable says what it waits for each time it is asked (its target), so a stream's
// pollable follows the stream's state: an output stream with nothing pending is ready, one
// with bytes the OS has not taken waits for POLLOUT. Targets are OS readiness (a host fd and
// poll events), a point on the monotonic clock, or "ready now".
//
// The wait is ppoll(2) over the targets of one call, rebuilt per call: wasi:io/poll hands a
// fresh list every time, and the same fd may appear twice with different events, which one
// epoll set cannot hold. It sleeps in slices of kInterruptCheckInterval and checks the
// Store's epoch deadline between them, so `--timeout`, an epoch deadline or
// Store::interrupt() ends a guest blocked in poll, blocking-read or a blocking write with a
// Trap of kind Interrupt, as it ends one spinning in wasm.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "stratus/result.hpp"
#include "stratus/store.hpp"
#include "wasi/p2/resource_table.hpp"

namespace stratus::wasi::p2 {

struct ReadyNow {};
struct FdReadiness {
  int fd = -1;
  short events = 0;  // POLLIN, POLLOUT; an error or hang-up on the fd also counts as ready
};
struct MonotonicDeadline {
  uint64_t ns = 0;  // CLOCK_MONOTONIC, wasi:clocks/monotonic-clock's instant
};
using PollTarget = std::variant<ReadyNow, FdReadiness, MonotonicDeadline>;

class Pollable final : public HostObject {
 public:
  explicit Pollable(std::function<PollTarget()> target) : target_(std::move(target)) {}
  explicit Pollable(PollTarget fixed) : target_([fixed] { return fixed; }) {}
  std::string_view resource_name() const override { return "pollable"; }
  PollTarget target() const { return target_(); }

 private:
  std::function<PollTarget()> target_;
};

inline constexpr std::chrono::milliseconds kInterruptCheckInterval{10};

// The indices of `targets` that are ready. With `block`, waits until at least one is (an
// empty list is then an error: it would wait forever); without, only looks. A Trap of kind
// Interrupt when the Store's epoch deadline passes while waiting.
Result<std::vector<uint32_t>> poll_targets(const Store& store, std::span<const PollTarget> targets, bool block);

// Blocks until `target` is ready (poll_targets of one).
Result<void> wait_for(const Store& store, const PollTarget& target);

// The Store's deadline has passed (or interrupt() was called): the trap to end the wait with.
bool deadline_passed(const Store& store);
Error interrupted();

}  // namespace stratus::wasi::p2
