// What an AsyncCall (stratus/component/async.hpp) shares with the call it ends: the result
// once it comes, and the cancel request; and the subtask a guest that lowered the call
// `async` holds for it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "component/abi/handles.hpp"
#include "component/async/waitables.hpp"
#include "stratus/component/async.hpp"
#include "stratus/component/val.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component::detail {

struct AsyncCallState {
  bool done = false;
  bool cancel_requested = false;
  bool cancelled = false;
  std::vector<Val> results;
  std::optional<Error> failure;
  std::function<void()> on_cancel;
  // Runs when the call ends (the subtask's resolve); empty for a call lowered sync.
  std::function<void()> on_done;
};

// What func_new_async defines: a HostFunc (so every import path takes it as one) that, called
// from a synchronous lower, waits for the call to end. An `async` lower finds the AsyncHostFunc
// in it (HostFunc::target) and gives the guest a subtask instead of waiting.
struct AsyncHostFuncAdapter {
  AsyncHostFunc fn;
  std::string name;
  Result<void> operator()(Store& store, std::span<const Val> params, std::vector<Val>& results) const;
};

// The subtask of an `async`-lowered call of a host function, in the caller's handle table.
struct HostSubtask final : async::Subtask {
  std::shared_ptr<AsyncCallState> call;
  // The caller's handles lent to the host for the call and the host's borrows of them: they
  // end when the resolution is delivered (CanonicalABI.md's Subtask.deliver_resolve).
  abi::CallScope scope;
  // The host failed the call, or its result could not be lowered: the guest traps when the
  // resolution is delivered to it.
  std::optional<Error> failure;
};

// A delivered event that trapped: the SUBTASK event of a host call that failed.
Result<void> check_delivered(abi::HandleTable& handles, const async::Event& event);

}  // namespace stratus::component::detail
