// A stackless task's life after its core function returned (CanonicalABI.md's canon_lift
// with `callback`): EXIT ends it, YIELD lets host work run and calls back with NONE, WAIT
// delivers the waitable set's next event, running this thread's EventLoop until there is one.
#pragma once

#include <cstdint>
#include <functional>

#include "component/abi/handles.hpp"
#include "component/async/task.hpp"
#include "component/async/waitables.hpp"
#include "stratus/result.hpp"

namespace stratus::component::async {

enum class CallbackCode : uint32_t { Exit = 0, Yield = 1, Wait = 2 };

// What a stackless task does around each YIELD or WAIT: `leave` before it waits, `enter`
// before the callback runs again. CanonicalABI.md's callback loop lets go of the instance (its
// exclusive_thread) while it waits, so other calls may enter it meanwhile.
struct WaitBracket {
  std::function<void()> leave;
  std::function<Result<void>()> enter;
};

// `first`: what the core function returned; `callback`: calls the guest's callback with an
// event and returns its packed code. A trap when the guest exits without task.return, answers
// a code above WAIT, waits on what is not a waitable set, or waits where no event can come.
Result<void> run_callback_loop(abi::HandleTable& handles, Task& task, uint32_t first,
                               const std::function<Result<uint32_t>(Event)>& callback,
                               const WaitBracket* bracket = nullptr);

}  // namespace stratus::component::async
