// WASI clock ids on host clocks.
#pragma once

#include <time.h>

#include <cstdint>
#include <optional>
#include <span>

namespace stratus::wasi {

// The host clock behind a WASI clock id, or nothing for an id the spec does not define.
std::optional<clockid_t> host_clock(uint32_t wasi_clock_id);
// Nanoseconds on a host clock; nothing if the clock cannot be read.
std::optional<uint64_t> now_ns(clockid_t clock);
// A host clock's resolution in nanoseconds; nothing if the host cannot say (errno set).
std::optional<uint64_t> resolution_ns(clockid_t clock);
// Fills `out` from the host's cryptographic random source (getrandom). False with errno set
// if the source fails. Preview 1's random_get and WASI 0.2's wasi:random share it.
bool fill_random(std::span<uint8_t> out);

}  // namespace stratus::wasi
