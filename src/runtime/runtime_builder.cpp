// RuntimeBuilder: the knobs, their checks, and the engine they make.
#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>

#include "runtime/runtime_impl.hpp"

namespace stratus {

namespace {

constexpr std::chrono::seconds kMinExecutionTime{1};

Result<void> check(const RuntimeSettings& s) {
  if (s.max_components == 0)
    return Error(ErrorKind::Config, "max_components must be at least 1: no component could ever run");
  if (s.max_core_instances_per_component == 0)
    return Error(ErrorKind::Config, "max_core_instances_per_component must be at least 1: a component needs a core instance");
  if (s.max_component_size == 0)
    return Error(ErrorKind::Config, "max_component_size must be at least 1 byte: every binary would be refused");
  if (s.max_linear_memory == 0 || s.max_linear_memory % kPageSize != 0)
    return Error(ErrorKind::Config, "max_linear_memory must be a positive whole number of 64 KiB pages (65536 bytes), not " +
                                        std::to_string(s.max_linear_memory) + " bytes");
  if (s.max_linear_memory > kMaxPages32 * kPageSize)
    return Error(ErrorKind::Config, "max_linear_memory of " + std::to_string(s.max_linear_memory) +
                                        " bytes is larger than the 4 GiB a 32-bit memory can address");
  if (s.max_wasm_stack < kMinWasmStack || s.max_wasm_stack > kMaxWasmStack)
    return Error(ErrorKind::Config, "max_wasm_stack must be 4 KiB to 4 GiB, not " + std::to_string(s.max_wasm_stack) +
                                        " bytes");
  return {};
}

EngineConfig engine_config(const RuntimeSettings& s, bool pooling) {
  EngineConfig config;
  config.allocation = pooling ? InstanceAllocation::Pooling : InstanceAllocation::OnDemand;
  config.pooling.memory_slots = s.max_components;
  config.pooling.keep_resident_bytes = 10 * 1024;
  config.pooling.memory_images = true;
  config.limits.max_memory_bytes = s.max_linear_memory;
  config.limits.max_instances = s.max_components;
  config.limits.max_core_instances_per_component = s.max_core_instances_per_component;
  // wasmCloud caps tables at the pool's slot size: a larger table could not live in the pool.
  if (pooling) config.limits.max_table_elements = static_cast<uint32_t>(config.pooling.table_elements);
  config.max_wasm_stack = s.max_wasm_stack;
  config.max_call_depth = s.max_call_depth;
  if (s.max_execution_time == kNoExecutionTimeLimit) return config;
  config.epochs.ticker = true;
  config.epochs.tick = std::chrono::seconds(1);
  // A Store may be made just before a tick; one tick more guarantees the whole limit.
  config.epochs.store_deadline_ticks = static_cast<uint64_t>(s.max_execution_time.count()) + 1;
  config.epochs.limit_description = "max_execution_time of " + std::to_string(s.max_execution_time.count()) + " s";
  return config;
}

void warn_to_stderr(std::string_view message) {
  std::fprintf(stderr, "stratus: warning: %.*s\n", static_cast<int>(message.size()), message.data());
}

}  // namespace

RuntimeBuilder& RuntimeBuilder::max_components(uint32_t count) {
  settings_.max_components = count;
  return *this;
}

RuntimeBuilder& RuntimeBuilder::max_core_instances_per_component(uint32_t count) {
  settings_.max_core_instances_per_component = count;
  return *this;
}

RuntimeBuilder& RuntimeBuilder::max_component_size(uint64_t bytes) {
  settings_.max_component_size = bytes;
  return *this;
}

RuntimeBuilder& RuntimeBuilder::max_linear_memory(uint64_t bytes) {
  settings_.max_linear_memory = bytes;
  return *this;
}

RuntimeBuilder& RuntimeBuilder::max_execution_time(std::chrono::milliseconds limit) {
  settings_.max_execution_time = std::max(kMinExecutionTime, std::chrono::duration_cast<std::chrono::seconds>(limit));
  return *this;
}

RuntimeBuilder& RuntimeBuilder::no_execution_time_limit() {
  settings_.max_execution_time = kNoExecutionTimeLimit;
  return *this;
}

RuntimeBuilder& RuntimeBuilder::component_config(ComponentConfig config) {
  settings_.component_config = config;
  return *this;
}

RuntimeBuilder& RuntimeBuilder::force_pooling_allocator(bool force) {
  settings_.force_pooling_allocator = force;
  return *this;
}

RuntimeBuilder& RuntimeBuilder::experimental_features(ExperimentalFeatures features) {
  settings_.experimental_features = features;
  return *this;
}

RuntimeBuilder& RuntimeBuilder::pooling_allocator(bool pool) {
  settings_.pooling_allocator = pool;
  return *this;
}

RuntimeBuilder& RuntimeBuilder::max_wasm_stack(size_t bytes) {
  settings_.max_wasm_stack = bytes;
  settings_.max_call_depth =
      static_cast<uint32_t>(std::clamp<uint64_t>(bytes / kWasmStackBytesPerCall, 1, kMaxCallDepth));
  return *this;
}

RuntimeBuilder& RuntimeBuilder::on_warning(std::function<void(std::string_view)> sink) {
  warn_ = std::move(sink);
  return *this;
}

Result<Runtime> RuntimeBuilder::build() const {
  if (auto ok = check(settings_); !ok) return ok.error();

  if (!settings_.pooling_allocator && !settings_.force_pooling_allocator) {
    auto engine = Engine::create(engine_config(settings_, false));
    if (!engine) return engine.error();
    return Runtime(std::make_shared<const Runtime::Impl>(Runtime::Impl{std::move(engine).value(), settings_, false}));
  }
  bool pooling = true;
  auto engine = Engine::create(engine_config(settings_, true));
  if (!engine) {
    if (engine.error().kind() != ErrorKind::Resource) return engine.error();
    if (settings_.force_pooling_allocator)
      return Error(ErrorKind::Resource,
                   "force_pooling_allocator is set but the pooling allocator is unavailable: " + engine.error().message());
    const std::string warning = "the pooling allocator is unavailable (" + engine.error().message() +
                                "); falling back to on-demand allocation";
    if (warn_) warn_(warning);
    else warn_to_stderr(warning);
    pooling = false;
    engine = Engine::create(engine_config(settings_, false));
    if (!engine) return engine.error();
  }
  auto impl = std::make_shared<const Runtime::Impl>(Runtime::Impl{std::move(engine).value(), settings_, pooling});
  return Runtime(std::move(impl));
}

}  // namespace stratus
