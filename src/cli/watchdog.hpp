// --timeout until the public API can interrupt a running Store: a thread that ends the
// whole process when the deadline passes. Guest output is never lost, because WASI writes
// go straight to the host descriptors without buffering in this process.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace stratus::cli {

class Watchdog {
 public:
  // `on_expiry` runs on the watchdog thread and must not return (it exits the process).
  Watchdog(double seconds, std::function<void()> on_expiry);
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
