#include "component/async/backpressure.hpp"

#include <string>

#include "component/abi/traps.hpp"
#include "component/async/wait.hpp"
#include "stratus/component/async.hpp"

namespace stratus::component::async {

Result<void> Backpressure::inc() {
  if (count_ == kMax)
    return abi::abi_trap("backpressure.inc would raise the instance's backpressure past " + std::to_string(kMax));
  ++count_;
  return {};
}

Result<void> Backpressure::dec() {
  if (count_ == 0) return abi::abi_trap("backpressure.dec while the instance's backpressure is 0");
  --count_;
  return {};
}

Error backpressure_never_ends(const Backpressure& bp) {
  if (!bp.on())
    return abi::abi_trap(
        "the call of an async function waits for the task that holds its instance exclusively to let go, but "
        "that task cannot go on before this call does");
  return abi::abi_trap("the call of an async function waits for its instance's backpressure (" +
                       std::to_string(bp.count()) + ") to end, but nothing left to run can lower it");
}

Result<void> wait_to_enter(Backpressure& bp, const Store* store, bool needs_exclusive) {
  if (!bp.must_wait(needs_exclusive)) return {};
  bp.begin_waiting();
  EventLoop& loop = EventLoop::current();
  Result<void> out;
  bool first = true;
  while (first || bp.stops(needs_exclusive)) {
    first = false;
    auto turned = wait_turn(loop, store);
    if (!turned) {
      out = turned.error();
      break;
    }
    if (!*turned && bp.stops(needs_exclusive)) {
      out = backpressure_never_ends(bp);
      break;
    }
  }
  bp.end_waiting();
  return out;
}

}  // namespace stratus::component::async
