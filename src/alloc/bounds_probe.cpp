#include "alloc/bounds_probe.hpp"

#include "alloc/reservation.hpp"

namespace stratus::alloc {

BoundsChecks resolve_bounds_checks(BoundsChecks requested) {
  if (requested != BoundsChecks::Auto) return requested;
  // Only 64-bit address spaces can afford 8 GiB per memory.
  if constexpr (sizeof(void*) < 8) return BoundsChecks::Explicit;
  auto probe = Reservation::reserve(kGuardPagesReservation);
  return probe ? BoundsChecks::GuardPages : BoundsChecks::Explicit;
}

}  // namespace stratus::alloc
