// poll_oneoff: clock subscriptions become the poll(2) timeout, fd subscriptions become
// pollfds. Regular files are always ready, as the spec says.
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <vector>

#include "wasi/abi.hpp"
#include "wasi/calls.hpp"
#include "wasi/clocks.hpp"

namespace stratus::wasi::calls {
namespace L = abi::layout;

namespace {

struct Event {
  uint64_t userdata = 0;
  Errno error = Errno::Success;
  uint8_t type = 0;
  uint64_t nbytes = 0;
  uint16_t flags = 0;
};

struct ClockWait {
  uint64_t userdata;
  uint64_t remaining_ns;  // from the moment we started polling
};

struct FdWait {
  uint64_t userdata;
  uint8_t type;
  size_t pollfd_index;
};

void write_event(Mem mem, uint64_t at, const Event& ev) {
  const uint8_t zeros[L::kEventSize] = {};
  (void)mem.write_bytes(at, {reinterpret_cast<const char*>(zeros), sizeof zeros});
  (void)mem.store<uint64_t>(at + L::kEventUserdata, ev.userdata);
  (void)mem.store<uint16_t>(at + L::kEventError, static_cast<uint16_t>(ev.error));
  (void)mem.store<uint8_t>(at + L::kEventType, ev.type);
  (void)mem.store<uint64_t>(at + L::kEventNbytes, ev.nbytes);
  (void)mem.store<uint16_t>(at + L::kEventFlags, ev.flags);
}

// How long until a clock subscription fires, measured from now.
ErrnoOr<uint64_t> remaining_ns(uint32_t clock_id, uint64_t timeout, uint16_t flags) {
  auto clock = host_clock(clock_id);
  if (!clock) return Errno::Inval;
  if (!(flags & abi::kSubclockAbstime)) return timeout;
  auto now = now_ns(*clock);
  if (!now) return last_host_errno();
  return timeout > *now ? timeout - *now : 0;
}

uint64_t bytes_readable(int fd) {
  struct stat st{};
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    off_t pos = lseek(fd, 0, SEEK_CUR);
    return pos >= 0 && st.st_size > pos ? static_cast<uint64_t>(st.st_size - pos) : 0;
  }
  int avail = 0;
  return ioctl(fd, FIONREAD, &avail) == 0 && avail > 0 ? static_cast<uint64_t>(avail) : 0;
}

}  // namespace

Errno poll_oneoff(WasiCtx& ctx, Mem mem, uint32_t in, uint32_t out, uint32_t nsubscriptions, uint32_t nevents_out) {
  if (nsubscriptions == 0) return Errno::Inval;  // would block forever with nothing to wake it
  if (!mem.in_bounds(in, uint64_t{nsubscriptions} * L::kSubscriptionSize) ||
      !mem.in_bounds(out, uint64_t{nsubscriptions} * L::kEventSize) || !mem.in_bounds(nevents_out, 4))
    return Errno::Fault;

  std::vector<Event> events;     // ready now, without waiting
  std::vector<ClockWait> clocks;
  std::vector<FdWait> fd_waits;
  std::vector<pollfd> pollfds;
  for (uint32_t i = 0; i < nsubscriptions; ++i) {
    const uint64_t sub = in + uint64_t{i} * L::kSubscriptionSize;
    const uint64_t userdata = *mem.load<uint64_t>(sub + L::kSubscriptionUserdata);
    const uint8_t tag = *mem.load<uint8_t>(sub + L::kSubscriptionTag);
    if (tag == abi::kEventtypeClock) {
      auto wait = remaining_ns(*mem.load<uint32_t>(sub + L::kSubscriptionClockId),
                               *mem.load<uint64_t>(sub + L::kSubscriptionClockTimeout),
                               *mem.load<uint16_t>(sub + L::kSubscriptionClockFlags));
      if (!wait) events.push_back({userdata, wait.error(), tag, 0, 0});
      else clocks.push_back({userdata, *wait});
    } else if (tag == abi::kEventtypeFdRead || tag == abi::kEventtypeFdWrite) {
      const uint32_t fd = *mem.load<uint32_t>(sub + L::kSubscriptionFd);
      const uint64_t needed = abi::right::PollFdReadwrite |
                              (tag == abi::kEventtypeFdRead ? abi::right::FdRead : abi::right::FdWrite);
      auto entry = ctx.fds().get_with(fd, needed);
      if (!entry) {
        events.push_back({userdata, entry.error(), tag, 0, 0});
      } else if ((*entry)->filetype == abi::kFiletypeRegularFile) {
        const uint64_t n = tag == abi::kEventtypeFdRead ? bytes_readable((*entry)->host.get()) : 0;
        events.push_back({userdata, Errno::Success, tag, n, 0});
      } else {
        const short want = tag == abi::kEventtypeFdRead ? POLLIN : POLLOUT;
        fd_waits.push_back({userdata, tag, pollfds.size()});
        pollfds.push_back({(*entry)->host.get(), want, 0});
      }
    } else {
      events.push_back({userdata, Errno::Inval, tag, 0, 0});
    }
  }

  std::optional<uint64_t> timeout_ns;
  for (const ClockWait& c : clocks) timeout_ns = std::min(timeout_ns.value_or(UINT64_MAX), c.remaining_ns);
  if (!events.empty()) timeout_ns = 0;  // something is ready: only collect what else already is

  const auto start = now_ns(CLOCK_MONOTONIC).value_or(0);
  if (!pollfds.empty() || timeout_ns.value_or(0) > 0) {
    for (;;) {
      timespec ts{};
      timespec* tsp = nullptr;
      if (timeout_ns) {
        const uint64_t elapsed = now_ns(CLOCK_MONOTONIC).value_or(start) - start;
        const uint64_t left = *timeout_ns > elapsed ? *timeout_ns - elapsed : 0;
        ts.tv_sec = static_cast<time_t>(left / 1'000'000'000u);
        ts.tv_nsec = static_cast<long>(left % 1'000'000'000u);
        tsp = &ts;
      }
      int rc = ppoll(pollfds.data(), pollfds.size(), tsp, nullptr);
      if (rc >= 0) break;
      if (errno != EINTR) return last_host_errno();
    }
  }

  for (const FdWait& w : fd_waits) {
    const pollfd& p = pollfds[w.pollfd_index];
    if (!p.revents) continue;
    Event ev{w.userdata, Errno::Success, w.type, 0, 0};
    if (p.revents & POLLNVAL) ev.error = Errno::Badf;
    else if (p.revents & POLLERR) ev.error = Errno::Io;
    if (p.revents & POLLHUP) ev.flags |= abi::kEventrwHangup;
    if (w.type == abi::kEventtypeFdRead && ev.error == Errno::Success) ev.nbytes = bytes_readable(p.fd);
    events.push_back(ev);
  }
  const uint64_t elapsed = now_ns(CLOCK_MONOTONIC).value_or(start) - start;
  for (const ClockWait& c : clocks)
    if (c.remaining_ns <= elapsed || (events.empty() && timeout_ns && c.remaining_ns == *timeout_ns))
      events.push_back({c.userdata, Errno::Success, abi::kEventtypeClock, 0, 0});

  for (size_t i = 0; i < events.size(); ++i) write_event(mem, out + uint64_t{i} * L::kEventSize, events[i]);
  (void)mem.store<uint32_t>(nevents_out, static_cast<uint32_t>(events.size()));
  return Errno::Success;
}

}  // namespace stratus::wasi::calls
