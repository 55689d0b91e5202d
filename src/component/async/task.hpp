// A lifted call in progress (CanonicalABI.md's Task): what task.return, task.cancel and
// context.get/set act on. A stackless task is driven by the callback loop; a stackful one
// (later) will be the same object with a parked interpreter stack.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "component/types/types.hpp"
#include "stratus/component/val.hpp"
#include "stratus/store.hpp"

namespace stratus::component::async {

struct Task {
  bool async = false;                     // lifted `async`
  std::optional<ValType> result_type;     // the function's result
  bool returned = false;                  // task.return (or the sync return) happened
  bool cancel_requested = false;          // the caller asked to cancel
  bool cancel_delivered = false;          // TASK_CANCELLED reached the guest
  bool cancelled = false;                 // task.cancel
  std::optional<Val> result;              // what task.return gave
  std::array<uint32_t, 2> context{};      // context.get/set's slots
  const void* options_identity = nullptr;  // the lift's options, which task.return's must equal
  // The host's caller hears the result at task.return, while the task goes on (Func::call's
  // on_return).
  const std::function<void(const Val&)>* on_return = nullptr;
  // Whose deadline and interrupt() end the task's waits (wait.hpp).
  const Store* store = nullptr;
};

}  // namespace stratus::component::async
