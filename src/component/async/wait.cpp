#include "component/async/wait.hpp"

#include <chrono>
#include <memory>
#include <string>

#include "component/async/scheduler.hpp"
#include "stratus/engine.hpp"
#include "stratus/trap.hpp"

namespace stratus::component::async {
bool deadline_passed(const Store* store) { return store && store->engine().current_epoch() >= store->epoch_deadline(); }

Error interrupt_error() {
  return Error(std::make_shared<const Trap>(TrapKind::Interrupt, std::string(trap_message(TrapKind::Interrupt))));
}

Result<bool> wait_turn(EventLoop& loop, const Store* store) {
  if (deadline_passed(store)) return interrupt_error();
  if (Scheduler::current().run_ready()) return true;
  return loop.run_once(true, kInterruptCheck);
}

}  // namespace stratus::component::async
