#include "wasi/p3/monotonic_timer.hpp"

#include <sys/timerfd.h>
#include <time.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

#include "stratus/component/async.hpp"
#include "wasi/p2/host_shared.hpp"
#include "wasi/unique_fd.hpp"

namespace stratus::wasi::p3 {
namespace {

bool arm_at(const UniqueFd& timer, uint64_t deadline_ns) {
  itimerspec spec{};
  spec.it_value.tv_sec = static_cast<time_t>(deadline_ns / 1'000'000'000u);
  spec.it_value.tv_nsec = static_cast<long>(deadline_ns % 1'000'000'000u);
  return timer.valid() && timerfd_settime(timer.get(), TFD_TIMER_ABSTIME, &spec, nullptr) == 0;
}

Error timer_error(const char* what) {
  return Error(ErrorKind::Host, std::string("monotonic-clock: cannot ") + what + " a timer: " + std::strerror(errno));
}

}  // namespace

Result<void> resolve_at_monotonic(uint64_t deadline_ns, component::bindings::AsyncReturn<void> reply) {
  auto now = p2::read_clock(CLOCK_MONOTONIC, false);
  if (!now) return now.error();
  // Also what keeps a deadline of 0 from disarming the timer instead of firing it.
  if (deadline_ns <= *now) return reply.resolve();
  auto timer = std::make_shared<UniqueFd>(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
  if (!timer->valid()) return timer_error("make");
  if (!arm_at(*timer, deadline_ns)) return timer_error("arm");
  // A deadline long past (1 ns after boot) makes the timer fire at the loop's next turn.
  reply.on_cancel([timer] { (void)arm_at(*timer, 1); });
  const int fd = timer->get();
  component::EventLoop::current().watch_fd(fd, component::EventLoop::Readable, [timer, reply]() mutable {
    timer->reset();
    if (reply.cancel_requested())
      (void)reply.cancelled();
    else
      (void)reply.resolve();
  });
  return {};
}

}  // namespace stratus::wasi::p3
