// What an AsyncCall (stratus/component/async.hpp) shares with the call it ends: the result
// once it comes, and the cancel request.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "stratus/component/val.hpp"
#include "stratus/result.hpp"

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

}  // namespace stratus::component::detail
