// A lifted call in progress (CanonicalABI.md's Task): what task.return, task.cancel and
// context.get/set act on. A stackless task is driven by the callback loop; a stackful one is
// the same object with a parked interpreter stack (instantiate/stackful_call.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "component/abi/instance_flags.hpp"
#include "component/types/types.hpp"
#include "stratus/component/val.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component::async {

// What a stackful task parked on, set by the built-in (or sync-lowered async host call) that
// parks it: whether it can go on, and that core function's result cell (none: it has no
// result), made when it does.
struct ParkedOn {
  std::function<bool()> ready;
  std::function<Result<std::optional<uint64_t>>()> result;

  // For a built-in whose result is one i32.
  template <class Ready, class I32Result>
  static ParkedOn i32(Ready ready, I32Result result) {
    return ParkedOn{std::move(ready), [result = std::move(result)]() -> Result<std::optional<uint64_t>> {
                      Result<uint32_t> r = result();
                      if (!r) return r.error();
                      return std::optional<uint64_t>(*r);
                    }};
  }
};

struct Task {
  bool async = false;                      // lifted `async`
  std::optional<ValType> result_type;      // the function's result
  bool returned = false;                   // task.return (or the sync return) happened
  bool cancel_requested = false;           // the caller asked to cancel
  bool cancel_delivered = false;           // TASK_CANCELLED reached the guest
  bool cancelled = false;                  // task.cancel
  std::optional<Val> result;               // what task.return gave
  std::array<uint32_t, 2> context{};       // context.get/set's slots
  const void* options_identity = nullptr;  // the lift's options, which task.return's must equal
  // The host's caller hears the result at task.return, while the task goes on (Func::call's
  // on_return).
  const std::function<void(const Val&)>* on_return = nullptr;
  // A guest caller's subtask hears task.return (result or none) and task.cancel at once
  // (CanonicalABI.md's on_resolve), so it resolves while the task goes on.
  std::function<void()> on_resolve;
  // Whom the task entered its instance from (null: the host): a sync call of an async
  // function leaves the instance to it while that call blocks.
  const abi::ComponentInstanceFlags* entered_from = nullptr;
  // Whose deadline and interrupt() end the task's waits (wait.hpp).
  const Store* store = nullptr;
  // Lifted `async` without `callback`: its built-ins may park it (when no host frame is
  // between the task's entry and the built-in, stratus::detail::may_park), else they block.
  bool stackful = false;
  std::optional<ParkedOn> parked_on;  // set by a built-in that parks the task
};

}  // namespace stratus::component::async
