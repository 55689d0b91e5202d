// wasi:clocks@0.3.0: monotonic-clock and system-clock now and get-resolution, on the host
// clocks preview 1 reads, and monotonic-clock's async wait-until / wait-for on a timer.
#include <algorithm>
#include <limits>
#include <memory>

#include "wasi/p2/host_shared.hpp"
#include "wasi/p3/host_support.hpp"
#include "wasi/p3/monotonic_timer.hpp"
#include "wit/p3/wasi/clocks/monotonic_clock.hpp"
#include "wit/p3/wasi/clocks/system_clock.hpp"
#include "wit/p3/wasi/clocks/types.hpp"

namespace stratus::wasi::p3 {
namespace {

namespace clocks = wit::p3::wasi::clocks;

class TypesHost final : public clocks::types::Host {};

class MonotonicHost final : public clocks::monotonic_clock::Host {
 public:
  Result<clocks::monotonic_clock::Mark> now(Store&) override { return p2::read_clock(CLOCK_MONOTONIC, false); }
  Result<clocks::types::Duration> get_resolution(Store&) override { return p2::read_clock(CLOCK_MONOTONIC, true); }
  Result<void> wait_until(Store&, clocks::monotonic_clock::Mark when, bindings::AsyncReturn<void> reply) override {
    return resolve_at_monotonic(when, std::move(reply));
  }
  Result<void> wait_for(Store&, clocks::types::Duration how_long, bindings::AsyncReturn<void> reply) override {
    auto now = p2::read_clock(CLOCK_MONOTONIC, false);
    if (!now) return now.error();
    const uint64_t room = std::numeric_limits<uint64_t>::max() - *now;
    return resolve_at_monotonic(*now + std::min(how_long, room), std::move(reply));
  }
};

class SystemHost final : public clocks::system_clock::Host {
 public:
  Result<clocks::system_clock::Instant> now(Store&) override {
    auto ns = p2::read_clock(CLOCK_REALTIME, false);
    if (!ns) return ns.error();
    return clocks::system_clock::Instant{static_cast<int64_t>(*ns / 1'000'000'000u),
                                         static_cast<uint32_t>(*ns % 1'000'000'000u)};
  }
  Result<clocks::types::Duration> get_resolution(Store&) override { return p2::read_clock(CLOCK_REALTIME, true); }
};

}  // namespace

Result<void> add_clocks_to_linker(component::Linker& linker, bindings::ResourceTypes& types, const p2::CtxLookup&) {
  if (auto r = clocks::types::add_to_linker(linker, types, shared_host<clocks::types::Host>(std::make_shared<TypesHost>()));
      !r)
    return r;
  if (auto r = clocks::monotonic_clock::add_to_linker(
          linker, types, shared_host<clocks::monotonic_clock::Host>(std::make_shared<MonotonicHost>()));
      !r)
    return r;
  return clocks::system_clock::add_to_linker(linker, types,
                                             shared_host<clocks::system_clock::Host>(std::make_shared<SystemHost>()));
}

}  // namespace stratus::wasi::p3
