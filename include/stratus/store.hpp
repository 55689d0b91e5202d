// A Store owns everything one tenant or one invocation creates: instances, functions,
// memories, tables, globals. One thread at a time uses a Store; Stores on different
// threads run concurrently. Handles (Func, Memory, ...) are valid while their Store lives.
#pragma once

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

  detail::StoreImpl& impl() const { return *impl_; }

 private:
  std::unique_ptr<detail::StoreImpl> impl_;
};

}  // namespace stratus
