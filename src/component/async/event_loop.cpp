#include <poll.h>

#include <cerrno>
#include <deque>
#include <vector>

#include "stratus/component/async.hpp"

namespace stratus::component {

struct EventLoop::Impl {
  struct Watch {
    int fd;
    short events;
    std::function<void()> ready;
  };
  std::deque<std::function<void()>> posted;
  std::vector<Watch> watches;
};

EventLoop::EventLoop() : impl_(std::make_unique<Impl>()) {}
EventLoop::~EventLoop() = default;

EventLoop& EventLoop::current() {
  thread_local EventLoop loop;
  return loop;
}

void EventLoop::post(std::function<void()> fn) { impl_->posted.push_back(std::move(fn)); }

void EventLoop::watch_fd(int fd, unsigned interest, std::function<void()> ready) {
  short events = 0;
  if (interest & Readable) events |= POLLIN;
  if (interest & Writable) events |= POLLOUT;
  impl_->watches.push_back(Impl::Watch{fd, events, std::move(ready)});
}

bool EventLoop::idle() const { return impl_->posted.empty() && impl_->watches.empty(); }

bool EventLoop::run_once(bool block) { return run_once(block, std::chrono::milliseconds(-1)); }

bool EventLoop::run_once(bool block, std::chrono::milliseconds max_wait) {
  if (idle()) return false;
  // What was posted before this turn runs now; what it posts runs on the next.
  std::deque<std::function<void()>> ready = std::move(impl_->posted);
  impl_->posted.clear();
  const bool ran_posted = !ready.empty();
  for (auto& fn : ready) fn();
  if (impl_->watches.empty()) return true;
  std::vector<pollfd> fds;
  fds.reserve(impl_->watches.size());
  for (const auto& w : impl_->watches) fds.push_back(pollfd{w.fd, w.events, 0});
  const int timeout = (block && !ran_posted && impl_->posted.empty()) ? static_cast<int>(max_wait.count()) : 0;
  int n;
  do {
    n = ::poll(fds.data(), fds.size(), timeout);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return true;
  std::vector<std::function<void()>> fired;
  std::vector<Impl::Watch> kept;
  for (size_t i = 0; i < fds.size(); ++i) {
    if (fds[i].revents != 0) fired.push_back(std::move(impl_->watches[i].ready));
    else kept.push_back(std::move(impl_->watches[i]));
  }
  // Watches added while firing are kept: they were appended after the ones polled.
  for (size_t i = fds.size(); i < impl_->watches.size(); ++i) kept.push_back(std::move(impl_->watches[i]));
  impl_->watches = std::move(kept);
  for (auto& fn : fired) fn();
  return true;
}

}  // namespace stratus::component
