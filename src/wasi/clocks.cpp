#include "wasi/clocks.hpp"

#include <cerrno>
#include <cstring>

#include <pthread.h>
#include <sched.h>
#include <sys/random.h>

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

namespace {

bool fill_from_kernel(std::span<uint8_t> out) {
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

// Small requests (a context's seeds, a guest's few random bytes) are served from a per-thread
// block of the kernel's output, each byte handed out once, so making a context per request
// costs no system call. The block is dropped when the process is not the one that filled it:
// a forked child must not hand out its parent's bytes again (fork keeps only the forking
// thread, whose block the child handler empties).
struct RandomBlock {
  static constexpr size_t kSize = 4096;
  uint8_t bytes[kSize] = {};
  size_t used = kSize;
};
constexpr size_t kBlockedRequestMax = 256;
constinit thread_local RandomBlock tl_random_block;

void forget_block_in_child() {
  std::memset(tl_random_block.bytes, 0, RandomBlock::kSize);
  tl_random_block.used = RandomBlock::kSize;
}

}  // namespace

bool fill_random(std::span<uint8_t> out) {
  if (out.empty()) return true;  // a guest's zero-length random_get: its pointer may be null
  if (out.size() > kBlockedRequestMax) return fill_from_kernel(out);
  static const bool registered = pthread_atfork(nullptr, nullptr, forget_block_in_child) == 0;
  if (!registered) return fill_from_kernel(out);
  RandomBlock& block = tl_random_block;
  if (RandomBlock::kSize - block.used < out.size()) {
    if (!fill_from_kernel(block.bytes)) return false;
    block.used = 0;
  }
  std::memcpy(out.data(), block.bytes + block.used, out.size());
  // Handed-out bytes are not kept in memory longer than needed.
  std::memset(block.bytes + block.used, 0, out.size());
  block.used += out.size();
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
