#include "alloc/on_demand_allocator.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "alloc/bounds_probe.hpp"
#include "alloc/reservation.hpp"

namespace stratus::alloc {

namespace {

// Past the end of an explicitly checked memory: catches an interpreter bug as a fault
// instead of a silent write into a neighbour.
constexpr uint64_t kExplicitGuard = uint64_t{64} << 10;
constexpr uint64_t kMaxMemoryBytes = kMaxPages32 * kPageSize;

class OnDemandBacking final : public exec::MemoryBacking {
 public:
  OnDemandBacking(Reservation reservation, uint64_t growth_limit)
      : reservation_(std::move(reservation)), growth_limit_(growth_limit) {}

  uint8_t* base() const override { return reservation_.base(); }
  uint64_t reserved() const override { return reservation_.size(); }

  bool grow_to(uint64_t new_size) override {
    if (new_size > growth_limit_) return false;
    const uint64_t wanted = round_up(new_size, system_page_size());
    if (wanted <= committed_) return true;
    // Fresh anonymous pages read as zero, and this backing never shrinks, so no clearing.
    if (!reservation_.commit(committed_, wanted - committed_)) return false;
    committed_ = wanted;
    return true;
  }

 private:
  Reservation reservation_;
  uint64_t growth_limit_;
  uint64_t committed_ = 0;
};

std::string pages_text(uint64_t pages) {
  return std::to_string(pages) + (pages == 1 ? " page" : " pages");
}

}  // namespace

Result<MemoryAllocation> OnDemandAllocator::allocate_memory(const MemoryRequest& request) {
  const uint64_t initial_bytes = request.type.limits.min * kPageSize;
  uint64_t growth_limit = std::min(request.max_bytes, kMaxMemoryBytes);
  if (request.type.limits.max)
    growth_limit = std::min(growth_limit, *request.type.limits.max * kPageSize);
  if (request.type.limits.min > kMaxPages32 || initial_bytes > growth_limit)
    return Error(ErrorKind::Resource, "linear memory of " + pages_text(request.type.limits.min) +
                                          " exceeds the limit of " + pages_text(growth_limit / kPageSize));

  Result<Reservation> reservation = Error(ErrorKind::Resource, "no reservation attempted");
  if (request.bounds_checks == BoundsChecks::GuardPages) {
    reservation = Reservation::reserve(kGuardPagesReservation);
  } else {
    // Growing past the reservation is impossible by construction, so reserve for the largest
    // size the memory may reach. When the address space is tight (RLIMIT_AS) settle for less:
    // memory.grow then fails with -1 earlier, which the spec allows.
    uint64_t want = round_up(growth_limit, system_page_size());
    const uint64_t need = round_up(initial_bytes, system_page_size());
    for (;;) {
      reservation = Reservation::reserve(want + kExplicitGuard);
      if (reservation || want <= need) break;
      want = std::max(need, round_up(want / 2, system_page_size()));
    }
    if (reservation) growth_limit = std::min(growth_limit, want);
  }
  if (!reservation) return reservation.error();

  auto backing = std::make_unique<OnDemandBacking>(std::move(reservation).value(), growth_limit);
  if (!backing->grow_to(initial_bytes))
    return Error(ErrorKind::Resource,
                 "cannot make " + pages_text(request.type.limits.min) + " of linear memory accessible (mprotect failed)");
  return MemoryAllocation{std::move(backing), false};
}

}  // namespace stratus::alloc
