// wasi:clocks/{monotonic-clock,wall-clock} on the host clocks preview 1 reads.
#include <cerrno>
#include <cstring>
#include <memory>

#include "wasi/clocks.hpp"
#include "wasi/p2/host_shared.hpp"
#include "wasi/p2/host_support.hpp"
#include "wit/wasi/clocks/monotonic_clock.hpp"
#include "wit/wasi/clocks/wall_clock.hpp"

namespace stratus::wasi::p2 {

Result<uint64_t> read_clock(clockid_t clock, bool resolution) {
  auto ns = resolution ? resolution_ns(clock) : now_ns(clock);
  if (!ns) return Error(ErrorKind::Host, std::string("cannot read the host clock: ") + std::strerror(errno));
  return *ns;
}

namespace {

namespace monotonic = wit::wasi::clocks::monotonic_clock;
namespace wall = wit::wasi::clocks::wall_clock;

wall::Datetime datetime(uint64_t ns) {
  return {ns / 1'000'000'000u, static_cast<uint32_t>(ns % 1'000'000'000u)};
}

class MonotonicHost final : public monotonic::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<monotonic::Instant> now(Store&) override { return read_clock(CLOCK_MONOTONIC, false); }
  Result<monotonic::Duration> resolution(Store&) override { return read_clock(CLOCK_MONOTONIC, true); }
  Result<bindings::Own<monotonic::Pollable>> subscribe_instant(Store& store, monotonic::Instant when) override {
    return new_pollable(ctx(store), [when] { return PollTarget(MonotonicDeadline{when}); });
  }
  Result<bindings::Own<monotonic::Pollable>> subscribe_duration(Store& store, monotonic::Duration when) override {
    auto now = read_clock(CLOCK_MONOTONIC, false);
    if (!now) return now.error();
    const uint64_t at = when > UINT64_MAX - *now ? UINT64_MAX : *now + when;
    return new_pollable(ctx(store), [at] { return PollTarget(MonotonicDeadline{at}); });
  }
};

class WallHost final : public wall::Host {
 public:
  Result<wall::Datetime> now(Store&) override {
    auto ns = read_clock(CLOCK_REALTIME, false);
    if (!ns) return ns.error();
    return datetime(*ns);
  }
  Result<wall::Datetime> resolution(Store&) override {
    auto ns = read_clock(CLOCK_REALTIME, true);
    if (!ns) return ns.error();
    return datetime(*ns);
  }
};

}  // namespace

Result<void> add_clocks_to_linker(component::Linker& linker, bindings::ResourceTypes& types, const CtxLookup& lookup) {
  auto monotonic_host = std::make_shared<MonotonicHost>(lookup);
  auto wall_host = std::make_shared<WallHost>();
  if (auto r = monotonic::add_to_linker(linker, types, [monotonic_host](Store&) -> monotonic::Host& { return *monotonic_host; });
      !r)
    return r;
  return wall::add_to_linker(linker, types, [wall_host](Store&) -> wall::Host& { return *wall_host; });
}

}  // namespace stratus::wasi::p2
