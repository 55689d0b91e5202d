#include "component/async/callback_loop.hpp"

#include <string>

#include "component/abi/traps.hpp"
#include "component/async/async_call.hpp"
#include "component/async/wait.hpp"
#include "stratus/component/async.hpp"

namespace stratus::component::async {

namespace {

// TASK_CANCELLED once, when the caller asked and the guest has not heard yet.
bool take_cancel(Task& task) {
  if (!task.cancel_requested || task.cancel_delivered) return false;
  task.cancel_delivered = true;
  return true;
}

// The event a YIELD or WAIT (`code`, on set `set_index`) brings the callback.
Result<Event> wait_for_event(abi::HandleTable& handles, Task& task, uint32_t code, uint32_t set_index) {
  EventLoop& loop = EventLoop::current();
  Event event;
  switch (code) {
    case static_cast<uint32_t>(CallbackCode::Yield):
      loop.run_once(false);
      if (take_cancel(task)) event = Event{EventCode::TaskCancelled, 0, 0};
      return event;
    default: {  // WAIT
      auto set = handles.get_element<WaitableSet>(set_index, "waitable set");
      if (!set) return set.error();
      for (;;) {
        if (take_cancel(task)) return Event{EventCode::TaskCancelled, 0, 0};
        if ((*set)->has_pending()) {
          event = (*set)->poll();
          if (auto ok = detail::check_delivered(handles, event); !ok) return ok.error();
          return event;
        }
        auto turned = wait_turn(loop, task.store);
        if (!turned) return turned.error();
        if (!*turned)
          return abi::abi_trap("the task waits on waitable set " + std::to_string(set_index) +
                               ", but nothing can deliver it an event (no host work is pending)");
      }
    }
  }
}

}  // namespace

Result<void> run_callback_loop(abi::HandleTable& handles, Task& task, uint32_t packed,
                               const std::function<Result<uint32_t>(Event)>& callback, const WaitBracket* bracket) {
  for (;;) {
    const uint32_t code = packed & 0xf;
    const uint32_t set_index = packed >> 4;
    switch (code) {
      case static_cast<uint32_t>(CallbackCode::Exit):
        if (!task.returned)
          return abi::abi_trap("the async export's task exited without calling task.return (or task.cancel)");
        return {};
      case static_cast<uint32_t>(CallbackCode::Yield):
      case static_cast<uint32_t>(CallbackCode::Wait): break;
      default:
        return abi::abi_trap("the async callback returned " + std::to_string(packed) + ": code " +
                             std::to_string(code) + " is not EXIT (0), YIELD (1) or WAIT (2)");
    }
    if (bracket) bracket->leave();
    Result<Event> event = wait_for_event(handles, task, code, set_index);
    if (bracket) {
      if (auto entered = bracket->enter(); !entered && event) event = entered.error();
    }
    if (!event) return event.error();
    auto next = callback(*event);
    if (!next) return next.error();
    packed = *next;
  }
}

}  // namespace stratus::component::async
