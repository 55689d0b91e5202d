#include "wasi/p2/pollable.hpp"

#include <poll.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>

#include "stratus/trap.hpp"
#include "wasi/clocks.hpp"

namespace stratus::wasi::p2 {
namespace {

constexpr short kAlwaysReady = POLLERR | POLLHUP | POLLNVAL;

uint64_t monotonic_now() { return now_ns(CLOCK_MONOTONIC).value_or(0); }

}  // namespace

bool deadline_passed(const Store& store) { return store.engine().current_epoch() >= store.epoch_deadline(); }

Error interrupted() {
  return Error(std::make_shared<const Trap>(TrapKind::Interrupt, std::string(trap_message(TrapKind::Interrupt))));
}

Result<std::vector<uint32_t>> poll_targets(const Store& store, std::span<const PollTarget> targets, bool block) {
  if (block && targets.empty())
    return Error(ErrorKind::Host, "wasi:io/poll: poll of an empty list would wait forever");
  std::vector<pollfd> fds;
  std::vector<size_t> fd_owner;  // fds[i] belongs to targets[fd_owner[i]]
  for (size_t i = 0; i < targets.size(); ++i)
    if (const auto* r = std::get_if<FdReadiness>(&targets[i])) {
      fds.push_back({r->fd, r->events, 0});
      fd_owner.push_back(i);
    }

  std::vector<uint32_t> ready;
  for (bool first = true;; first = false) {
    if (!first && deadline_passed(store)) return interrupted();
    const uint64_t now = monotonic_now();
    std::optional<uint64_t> soonest;  // the nearest clock target still in the future
    for (size_t i = 0; i < targets.size(); ++i) {
      if (std::holds_alternative<ReadyNow>(targets[i])) ready.push_back(static_cast<uint32_t>(i));
      if (const auto* d = std::get_if<MonotonicDeadline>(&targets[i])) {
        if (d->ns <= now) ready.push_back(static_cast<uint32_t>(i));
        else soonest = std::min(soonest.value_or(UINT64_MAX), d->ns - now);
      }
    }
    uint64_t wait_ns = 0;
    if (block && ready.empty()) {
      wait_ns = std::chrono::nanoseconds(kInterruptCheckInterval).count();
      if (soonest) wait_ns = std::min(wait_ns, *soonest);
    }
    if (!fds.empty() || wait_ns > 0) {
      timespec ts{static_cast<time_t>(wait_ns / 1'000'000'000u), static_cast<long>(wait_ns % 1'000'000'000u)};
      for (pollfd& p : fds) p.revents = 0;
      int rc = ppoll(fds.data(), fds.size(), &ts, nullptr);
      if (rc < 0 && errno != EINTR) return Error(ErrorKind::Host, std::string("wasi:io/poll: ppoll: ") + std::strerror(errno));
      if (rc > 0)
        for (size_t k = 0; k < fds.size(); ++k)
          if (fds[k].revents & (fds[k].events | kAlwaysReady)) ready.push_back(static_cast<uint32_t>(fd_owner[k]));
    }
    if (!ready.empty() || !block) break;
  }
  std::sort(ready.begin(), ready.end());
  ready.erase(std::unique(ready.begin(), ready.end()), ready.end());
  return ready;
}

Result<void> wait_for(const Store& store, const PollTarget& target) {
  auto ready = poll_targets(store, std::span<const PollTarget>(&target, 1), true);
  if (!ready) return ready.error();
  return {};
}

}  // namespace stratus::wasi::p2
