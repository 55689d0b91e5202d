// Deciding, once per engine, whether guard-page bounds checking fits this process.
#pragma once

#include "stratus/engine.hpp"

namespace stratus::alloc {

// Address space one guard-page memory needs: 4 GiB of addressable memory, then a guard
// covering the largest u32 offset plus the widest (16-byte) access.
inline constexpr uint64_t kGuardPagesReservation = (uint64_t{8} << 30) + (uint64_t{64} << 10);

// Auto becomes GuardPages when an 8 GiB reservation succeeds right now (it is released
// immediately), Explicit otherwise, e.g. under a small RLIMIT_AS. Others pass through.
BoundsChecks resolve_bounds_checks(BoundsChecks requested);

}  // namespace stratus::alloc
