// WASI clock ids on host clocks.
#pragma once

#include <time.h>

#include <cstdint>
#include <optional>

namespace stratus::wasi {

// The host clock behind a WASI clock id, or nothing for an id the spec does not define.
std::optional<clockid_t> host_clock(uint32_t wasi_clock_id);
// Nanoseconds on a host clock; nothing if the clock cannot be read.
std::optional<uint64_t> now_ns(clockid_t clock);

}  // namespace stratus::wasi
