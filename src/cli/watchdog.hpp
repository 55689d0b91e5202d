// Runs an action on its own thread once a deadline passes, unless destroyed first. --timeout
// uses one to interrupt the Store and another, later, to end a process whose guest is
// blocked in a host call (WASI writes go straight to the host descriptors, so no output is lost).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

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

}  // namespace stratus::cli
