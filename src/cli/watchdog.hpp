// Runs an action on its own thread once a deadline passes, unless destroyed first. --timeout
// uses one to interrupt the Store and another, later, to end a process whose guest is
// blocked in a host call (WASI writes go straight to the host descriptors, so no output is lost).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace stratus {
class Store;
}

namespace stratus::cli {

class Watchdog {
 public:
  // `on_expiry` runs on the watchdog thread. A delay past what the clock can represent
  // never expires.
  Watchdog(std::chrono::nanoseconds delay, std::function<void()> on_expiry);
  ~Watchdog();  // cancels: the guest finished in time
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool cancelled_ = false;
  std::thread thread_;
};

// --timeout for one run: interrupts `store` when the time is up, so the guest traps at its
// next call, loop back-edge or WASI 0.2 wait; a guest still blocked in a host call (a
// preview-1 read of stdin, a sleep) kBlockedGuestGrace later ends the process with the trap
// status. Nothing happens without a timeout.
inline constexpr std::chrono::seconds kBlockedGuestGrace{2};

class RunTimeout {
 public:
  RunTimeout(std::optional<std::chrono::nanoseconds> timeout, Store& store);
  // Whether the timeout interrupted the Store (and not some other limit).
  bool expired() const { return expired_.load(std::memory_order_acquire); }

 private:
  std::atomic<bool> expired_{false};
  std::optional<Watchdog> interrupt_;
  std::optional<Watchdog> backstop_;
};

}  // namespace stratus::cli
