// Conversions between host stat/timespec values and the WASI filestat/fstflags encodings.
#pragma once

#include <sys/stat.h>

#include <array>
#include <cstdint>

#include "wasi/errno.hpp"
#include "wasi/guest_memory.hpp"

namespace stratus::wasi {

// Writes a 64-byte filestat at `ptr`.
Errno write_filestat(const GuestMemory& mem, uint32_t ptr, const struct stat& st);

// The [atime, mtime] pair for utimensat/futimens. Asking for both "set to X" and "set to now"
// on one timestamp is EINVAL, as the spec's fstflags describe two exclusive choices.
ErrnoOr<std::array<timespec, 2>> times_from_fstflags(uint64_t atim, uint64_t mtim, uint32_t fst_flags);

}  // namespace stratus::wasi
