#include "alloc/decommit.hpp"

#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstddef>

namespace stratus::alloc {

namespace {

// The calling thread, as a pidfd (uapi/linux/pidfd.h): always this process, even after a
// fork, unlike a pidfd opened once.
constexpr int kPidfdSelfThread = -10000;

std::atomic<bool> vectored_unavailable{false};

bool decommit_vectored(std::span<const iovec> ranges) {
#ifdef SYS_process_madvise
  if (vectored_unavailable.load(std::memory_order_relaxed)) return false;
  size_t total = 0;
  for (const iovec& r : ranges) total += r.iov_len;
  const long done = syscall(SYS_process_madvise, kPidfdSelfThread, ranges.data(), ranges.size(), MADV_DONTNEED, 0);
  if (done >= 0) return static_cast<size_t>(done) == total;
  // An older kernel, or a sandbox that filters the call: per-range madvise from now on.
  if (errno == EBADF || errno == EINVAL || errno == ENOSYS || errno == EPERM || errno == ESRCH)
    vectored_unavailable.store(true, std::memory_order_relaxed);
  return false;
#else
  (void)ranges;
  return false;
#endif
}

}  // namespace

void decommit(std::span<const iovec> ranges) {
  if (ranges.empty()) return;
  if (ranges.size() > 1 && decommit_vectored(ranges)) return;
  // Also finishes a partial vectored call: dropping pages already dropped is harmless.
  for (const iovec& r : ranges) madvise(r.iov_base, r.iov_len, MADV_DONTNEED);
}

}  // namespace stratus::alloc
