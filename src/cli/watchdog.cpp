#include "cli/watchdog.hpp"

#include <algorithm>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "cli/exit_codes.hpp"
#include "stratus/store.hpp"

namespace stratus::cli {

Watchdog::Watchdog(std::chrono::nanoseconds delay, std::function<void()> on_expiry) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point now = Clock::now();
  const auto wait = std::chrono::duration_cast<Clock::duration>(std::max(delay, std::chrono::nanoseconds::zero()));
  const Clock::time_point deadline =
      wait > Clock::time_point::max() - now ? Clock::time_point::max() : now + wait;
  thread_ = std::thread([this, deadline, on_expiry = std::move(on_expiry)] {
    std::unique_lock lock(mutex_);
    if (!wake_.wait_until(lock, deadline, [this] { return cancelled_; })) on_expiry();
  });
}

Watchdog::~Watchdog() {
  {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

RunTimeout::RunTimeout(std::optional<std::chrono::nanoseconds> timeout, Store& store) {
  if (!timeout) return;
  const double seconds = std::chrono::duration<double>(*timeout).count();
  interrupt_.emplace(*timeout, [this, &store] {
    expired_.store(true, std::memory_order_release);
    store.interrupt();
  });
  backstop_.emplace(*timeout + kBlockedGuestGrace, [seconds] {
    std::fprintf(stderr, "Error: wasm execution timed out after %g s (--timeout); the guest was blocked in a host call\n",
                 seconds);
    ::_exit(kExitTrap);
  });
}

}  // namespace stratus::cli
