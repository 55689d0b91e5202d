// The Engine: compilation settings and state shared by every Store on every thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace stratus {

namespace detail { struct EngineImpl; }

enum class BoundsChecks : uint8_t {
  Auto,        // guard pages when the address space allows them, explicit checks otherwise
  GuardPages,  // reserve 4 GiB + guard per memory; loads and stores skip the check
  Explicit,    // compare every access against the memory's size
};

struct EngineConfig {
  // Bytes of interpreter value stack (locals + operands) available to one call from the host.
  size_t max_wasm_stack = 1u << 20;
  // Nested wasm calls allowed before "call stack exhausted".
  uint32_t max_call_depth = 10000;
  BoundsChecks bounds_checks = BoundsChecks::Auto;
};

class Engine {
 public:
  explicit Engine(EngineConfig config = {});
  ~Engine();
  Engine(const Engine&) = default;  // handles share one engine
  Engine& operator=(const Engine&) = default;

  const EngineConfig& config() const;
  // The check strategy Auto resolved to on this machine.
  BoundsChecks bounds_checks() const;

  detail::EngineImpl& impl() const { return *impl_; }

 private:
  std::shared_ptr<detail::EngineImpl> impl_;
};

}  // namespace stratus
