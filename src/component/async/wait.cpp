#include "component/async/wait.hpp"

#include <chrono>
#include <memory>
#include <string>

#include "stratus/engine.hpp"
#include "stratus/trap.hpp"

namespace stratus::component::async {
namespace {

// As often as WASI 0.2's blocking waits look at the deadline.
constexpr std::chrono::milliseconds kInterruptCheck{10};

bool deadline_passed(const Store& store) { return store.engine().current_epoch() >= store.epoch_deadline(); }

}  // namespace

Result<bool> wait_turn(EventLoop& loop, const Store* store) {
  if (store && deadline_passed(*store))
    return Error(std::make_shared<const Trap>(TrapKind::Interrupt, std::string(trap_message(TrapKind::Interrupt))));
  return loop.run_once(true, kInterruptCheck);
}

}  // namespace stratus::component::async
