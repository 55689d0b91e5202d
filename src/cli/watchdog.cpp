#include "cli/watchdog.hpp"

#include <chrono>

namespace stratus::cli {

Watchdog::Watchdog(double seconds, std::function<void()> on_expiry) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(seconds));
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

}  // namespace stratus::cli
