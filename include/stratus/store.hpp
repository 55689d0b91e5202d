// A Store owns everything one tenant or one invocation creates: instances, functions,
// memories, tables, globals. One thread at a time uses a Store; Stores on different
// threads run concurrently. Handles (Func, Memory, ...) are valid while their Store lives.
#pragma once

#include <cstdint>
#include <memory>

#include "stratus/engine.hpp"

namespace stratus {

namespace detail { struct StoreImpl; }

class Store {
 public:
  explicit Store(const Engine& engine);
  ~Store();
  // Host functions hold Store& through Caller, so a Store stays where it was made.
  Store(Store&&) = delete;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const Engine& engine() const;

  // An embedder's pointer, reachable from host functions through Caller::store().
  void set_user_data(void* data);
  void* user_data() const;

  // Epoch interruption (see EpochConfig). Code running in this Store traps with
  // TrapKind::Interrupt once the engine's epoch reaches the deadline; this sets it to
  // `ticks` after the current epoch, replacing the engine's default for this Store.
  void set_epoch_deadline(uint64_t ticks);
  // The absolute epoch at which this Store's code is interrupted; UINT64_MAX: never.
  uint64_t epoch_deadline() const;
  // Stops this Store's code at its next function entry or loop back-edge, and any later
  // call at once, until set_epoch_deadline is called again. Safe to call from any thread
  // while the Store is alive.
  void interrupt();

 private:
  friend struct detail::ApiAccess;
  std::unique_ptr<detail::StoreImpl> impl_;
};

}  // namespace stratus
