// The Runtime: one shared engine per host running many sandboxed components under hard
// limits, with a fresh instance per invocation. RuntimeBuilder holds every knob, with the
// defaults of wasmCloud's runtime; build() checks them and makes the engine.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "stratus/component/component.hpp"
#include "stratus/engine.hpp"
#include "stratus/module.hpp"
#include "stratus/result.hpp"

namespace stratus {

// Interfaces that are off unless asked for. Flags combine with `|`.
enum class ExperimentalFeatures : uint32_t {
  None = 0,
  WasmcloudMessagingV3 = 1u << 0,       // wasmcloud:messaging@0.3.0
  WorkloadIdentityInterface = 1u << 1,  // wasmcloud:identity@0.0.1
  RpcInterface = 1u << 2,               // wrpc:rpc@0.1.0
};

constexpr ExperimentalFeatures operator|(ExperimentalFeatures a, ExperimentalFeatures b) {
  return static_cast<ExperimentalFeatures>(static_cast<uint32_t>(a) | static_cast<uint32_t>(b));
}
constexpr ExperimentalFeatures operator&(ExperimentalFeatures a, ExperimentalFeatures b) {
  return static_cast<ExperimentalFeatures>(static_cast<uint32_t>(a) & static_cast<uint32_t>(b));
}
constexpr ExperimentalFeatures& operator|=(ExperimentalFeatures& a, ExperimentalFeatures b) { return a = a | b; }
// Whether every flag of `wanted` is set in `features`.
constexpr bool has(ExperimentalFeatures features, ExperimentalFeatures wanted) {
  return (features & wanted) == wanted;
}

// One feature by name, kebab-case or snake_case ("rpc-interface", "workload_identity_interface").
// An unknown name is an ErrorKind::Config error that lists the known ones.
Result<ExperimentalFeatures> parse_experimental_feature(std::string_view name);
// Several names separated by commas and/or spaces; every name must be known.
Result<ExperimentalFeatures> parse_experimental_features(std::string_view names);
// The flags set, as kebab-case names separated by ", "; "none" for None.
std::string to_string(ExperimentalFeatures features);

struct ComponentConfig {
  // Refuse components that carry no valid signature.
  bool require_signature = false;
};

// Everything the builder sets; Runtime::settings() reports the values in force.
struct RuntimeSettings {
  uint32_t max_components = 10'000;
  uint32_t max_core_instances_per_component = 30;
  // Largest component or module binary accepted, checked before parsing. (wasmtime's knob
  // of this name bounds instance metadata; users read it as binary size, and so do we.)
  uint64_t max_component_size = kDefaultMaxModuleFileSize;
  // Largest linear memory, a whole number of 64 KiB pages.
  uint64_t max_linear_memory = uint64_t{256} << 20;
  // At least 1 s, whole seconds (shorter values become 1 s, fractions are dropped);
  // kNoExecutionTimeLimit for none.
  std::chrono::seconds max_execution_time{10 * 60};
  ComponentConfig component_config;
  // Fail build() rather than fall back to on-demand allocation when the pool cannot be had.
  bool force_pooling_allocator = false;
  ExperimentalFeatures experimental_features = ExperimentalFeatures::None;
  // Whether build() tries the pooling allocator at all; false allocates on demand, as
  // `wasmtime run` does. force_pooling_allocator pools regardless.
  bool pooling_allocator = true;
  // The wasm stack of one call from the host and the nested calls it allows (EngineConfig's
  // max_wasm_stack and max_call_depth).
  size_t max_wasm_stack = kDefaultMaxWasmStack;
  uint32_t max_call_depth = kDefaultMaxCallDepth;
};

// RuntimeSettings::max_execution_time meaning no limit: no deadline, no epoch ticker.
inline constexpr std::chrono::seconds kNoExecutionTimeLimit = std::chrono::seconds::max();

class Runtime;

// What Runtime::compile makes of a binary: a core module or a component.
using Compiled = std::variant<Module, component::Component>;

class RuntimeBuilder {
 public:
  RuntimeBuilder() = default;

  RuntimeBuilder& max_components(uint32_t count);
  RuntimeBuilder& max_core_instances_per_component(uint32_t count);
  RuntimeBuilder& max_component_size(uint64_t bytes);
  RuntimeBuilder& max_linear_memory(uint64_t bytes);
  // Clamped to at least 1 s; second precision.
  RuntimeBuilder& max_execution_time(std::chrono::milliseconds limit);
  RuntimeBuilder& no_execution_time_limit();
  RuntimeBuilder& component_config(ComponentConfig config);
  RuntimeBuilder& force_pooling_allocator(bool force = true);
  RuntimeBuilder& experimental_features(ExperimentalFeatures features);
  RuntimeBuilder& pooling_allocator(bool pool);
  // kMinWasmStack to kMaxWasmStack bytes; also allows one nested call per
  // kWasmStackBytesPerCall bytes (at most kMaxCallDepth), as `stratus run --max-wasm-stack` does.
  RuntimeBuilder& max_wasm_stack(size_t bytes);
  // Where build() reports that it fell back to on-demand allocation; stderr by default.
  RuntimeBuilder& on_warning(std::function<void(std::string_view)> sink);

  const RuntimeSettings& settings() const { return settings_; }

  // ErrorKind::Config for nonsense settings, naming the knob; ErrorKind::Resource when
  // force_pooling_allocator is set and the pool cannot be reserved.
  Result<Runtime> build() const;

 private:
  RuntimeSettings settings_;
  std::function<void(std::string_view)> warn_;
};

class Runtime {
 public:
  // "stratus <version>".
  static std::string_view version();

  const Engine& engine() const;
  const RuntimeSettings& settings() const;
  // True when instances use the memory pool, false after a fallback to on-demand.
  bool pooling() const;
  // The bounds-check mode fixed at build(): GuardPages or Explicit.
  BoundsChecks bounds_checks() const;
  ExperimentalFeatures experimental_features() const { return settings().experimental_features; }

  // Whether an instance (interface) by this name is gated by an experimental feature that
  // is not enabled, so the host should not provide it.
  bool skip_feature_gated_instance(std::string_view instance_name) const;

  // Compiles a core module or a component, whichever the binary is, for this runtime. A
  // binary larger than max_component_size is refused before it is parsed
  // (ErrorKind::Resource, naming both sizes).
  Result<Compiled> compile(std::span<const uint8_t> bytes) const;
  // Reads and compiles a module or component file under the same limit: a regular file
  // larger than the limit is refused before it is read, anything else (a FIFO, a device)
  // after at most one byte past it.
  Result<Compiled> compile_file(const std::string& path) const;
  // Only a component, under the same max_component_size. Instantiating one is held to
  // max_core_instances_per_component (the engine's ResourceLimits carry it).
  Result<component::Component> compile_component(std::span<const uint8_t> bytes) const;
  Result<component::Component> compile_component_file(const std::string& path) const;

  // The budget max_core_instances_per_component allows: what component instantiation checks.
  Result<void> check_core_instance_count(uint32_t count) const;

  struct Impl;
  explicit Runtime(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<const Impl> impl_;
};

// The rule behind Runtime::skip_feature_gated_instance, for a given set of enabled features.
bool skip_feature_gated_instance(ExperimentalFeatures enabled, std::string_view instance_name);

}  // namespace stratus
