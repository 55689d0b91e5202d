#include "wasi/clocks.hpp"

#include <sched.h>
#include <sys/random.h>

#include <cerrno>

#include "wasi/abi.hpp"
#include "wasi/calls.hpp"

namespace stratus::wasi {

std::optional<clockid_t> host_clock(uint32_t id) {
  switch (id) {
    case abi::kClockRealtime: return CLOCK_REALTIME;
    case abi::kClockMonotonic: return CLOCK_MONOTONIC;
    case abi::kClockProcessCputime: return CLOCK_PROCESS_CPUTIME_ID;
    case abi::kClockThreadCputime: return CLOCK_THREAD_CPUTIME_ID;
    default: return std::nullopt;
  }
}

std::optional<uint64_t> now_ns(clockid_t clock) {
  timespec ts{};
  if (clock_gettime(clock, &ts) != 0) return std::nullopt;
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(ts.tv_nsec);
}

std::optional<uint64_t> resolution_ns(clockid_t clock) {
  timespec ts{};
  if (clock_getres(clock, &ts) != 0) return std::nullopt;
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(ts.tv_nsec);
}

bool fill_random(std::span<uint8_t> out) {
  size_t filled = 0;
  while (filled < out.size()) {  // getrandom returns at most 32 MiB per call
    ssize_t n = getrandom(out.data() + filled, out.size() - filled, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    filled += static_cast<size_t>(n);
  }
  return true;
}

namespace calls {

Errno clock_res_get(WasiCtx&, Mem mem, uint32_t clock_id, uint32_t resolution_out) {
  auto clock = host_clock(clock_id);
  if (!clock) return Errno::Inval;
  auto ns = resolution_ns(*clock);
  if (!ns) return last_host_errno();
  return mem.store<uint64_t>(resolution_out, *ns) ? Errno::Success : Errno::Fault;
}

Errno clock_time_get(WasiCtx&, Mem mem, uint32_t clock_id, uint64_t /*precision: a hint*/, uint32_t time_out) {
  auto clock = host_clock(clock_id);
  if (!clock) return Errno::Inval;
  auto ns = now_ns(*clock);
  if (!ns) return last_host_errno();
  return mem.store<uint64_t>(time_out, *ns) ? Errno::Success : Errno::Fault;
}

Errno random_get(WasiCtx&, Mem mem, uint32_t buf, uint32_t buf_len) {
  auto region = mem.slice(buf, buf_len);
  if (!region) return Errno::Fault;
  return fill_random(*region) ? Errno::Success : last_host_errno();
}

Errno sched_yield(WasiCtx&, Mem) {
  ::sched_yield();
  return Errno::Success;
}

// Delivering signals to ourselves would let a guest kill the host; WASI removed this call
// after preview 1 for the same reason.
Errno proc_raise(WasiCtx&, Mem, uint32_t) { return Errno::Nosys; }

}  // namespace calls
}  // namespace stratus::wasi
