// Engine::create: an engine with its allocation strategy, limits and epoch ticker.
#include <algorithm>
#include <string>
#include <utility>

#include "alloc/bounds_probe.hpp"
#include "alloc/on_demand_allocator.hpp"
#include "alloc/pooling_allocator.hpp"
#include "embed/engine_impl.hpp"
#include "embed/limits_and_epochs.hpp"

namespace stratus {

namespace {

// On-demand reservations held to the engine's memory limit.
class LimitedOnDemandAllocator final : public alloc::InstanceAllocator {
 public:
  explicit LimitedOnDemandAllocator(uint64_t max_memory_bytes) : max_memory_bytes_(max_memory_bytes) {}
  Result<alloc::MemoryAllocation> allocate_memory(const alloc::MemoryRequest& request) override {
    auto limit = alloc::memory_growth_limit(request, max_memory_bytes_);
    if (!limit) return limit.error();
    alloc::MemoryRequest limited = request;
    limited.max_bytes = *limit;
    return inner_.allocate_memory(limited);
  }

 private:
  uint64_t max_memory_bytes_;
  alloc::OnDemandAllocator inner_;
};

// A longer tick would overflow the clock arithmetic of the ticker's wait.
constexpr std::chrono::milliseconds kMaxEpochTick = std::chrono::hours(24);

Result<void> check_config(const EngineConfig& config) {
  const ResourceLimits& limits = config.limits;
  if (limits.max_memory_bytes == 0 || limits.max_memory_bytes % kPageSize != 0)
    return Error(ErrorKind::Config, "the linear memory limit must be a positive whole number of 64 KiB pages, not " +
                                        std::to_string(limits.max_memory_bytes) + " bytes");
  if (limits.max_memory_bytes > kMaxPages32 * kPageSize)
    return Error(ErrorKind::Config, "the linear memory limit of " + std::to_string(limits.max_memory_bytes) +
                                        " bytes is larger than the 4 GiB a 32-bit memory can address");
  if (config.max_wasm_stack < kMinWasmStack || config.max_wasm_stack > kMaxWasmStack)
    return Error(ErrorKind::Config, "max_wasm_stack must be " + std::to_string(kMinWasmStack) + " bytes (4 KiB) to " +
                                        std::to_string(kMaxWasmStack) + " bytes (4 GiB), not " +
                                        std::to_string(config.max_wasm_stack));
  if (config.max_call_depth == 0 || config.max_call_depth > kMaxCallDepth)
    return Error(ErrorKind::Config, "max_call_depth must be 1 to " + std::to_string(kMaxCallDepth) + " calls, not " +
                                        std::to_string(config.max_call_depth));
  if (limits.max_instances == 0) return Error(ErrorKind::Config, "the instance limit must allow at least one instance");
  if (limits.max_core_instances_per_component == 0)
    return Error(ErrorKind::Config, "max_core_instances_per_component must be at least 1: a component needs a core instance");
  if (config.epochs.ticker && (config.epochs.tick.count() <= 0 || config.epochs.tick > kMaxEpochTick))
    return Error(ErrorKind::Config, "the epoch tick must be 1 ms to 1 day, not " +
                                        std::to_string(config.epochs.tick.count()) + " ms");
  if (config.allocation == InstanceAllocation::Pooling && config.pooling.memory_slots == 0)
    return Error(ErrorKind::Config, "a memory pool needs at least one slot");
  return {};
}

// Guard pages when the pool of 8 GiB slots fits, else explicit checks in slots sized to the
// memory limit (a 256 MiB limit needs 32x less address space); errors name what was tried.
Result<std::unique_ptr<alloc::PoolingAllocator>> make_pool(const EngineConfig& config) {
  alloc::PoolingAllocatorConfig pool;
  pool.slots = config.pooling.memory_slots;
  pool.max_memory_bytes = config.limits.max_memory_bytes;
  pool.keep_resident_bytes = config.pooling.keep_resident_bytes;
  pool.decommit_batch = config.pooling.decommit_batch;
  pool.small_huge_pages = config.pooling.small_huge_pages;
  pool.memory_images = config.pooling.memory_images;
  pool.table_elements = std::min<uint64_t>(config.pooling.table_elements, config.limits.max_table_elements);
  pool.table_keep_resident_bytes = config.pooling.table_keep_resident_bytes;
  pool.state_bytes = config.pooling.instance_state_bytes;
  if (config.bounds_checks != BoundsChecks::Auto) {
    pool.bounds_checks = config.bounds_checks;
    return alloc::PoolingAllocator::create(pool);
  }
  pool.bounds_checks = BoundsChecks::GuardPages;
  if (sizeof(void*) >= 8 && alloc::probe_address_space(alloc::pool_reservation_bytes(pool)))
    if (auto guarded = alloc::PoolingAllocator::create(pool)) return guarded;
  pool.bounds_checks = BoundsChecks::Explicit;
  return alloc::PoolingAllocator::create(pool);
}

}  // namespace

Result<Engine> Engine::create(EngineConfig config) {
  if (auto ok = check_config(config); !ok) return ok.error();

  std::unique_ptr<alloc::InstanceAllocator> allocator;
  alloc::PoolingAllocator* pool = nullptr;
  if (config.allocation == InstanceAllocation::Pooling) {
    auto made = make_pool(config);
    if (!made) return made.error();
    pool = made->get();
    // Code is translated for the pool's mode, so the engine's mode is the pool's.
    config.bounds_checks = pool->config().bounds_checks;
    allocator = std::move(made).value();
  } else {
    config.bounds_checks = alloc::resolve_bounds_checks(config.bounds_checks);
    allocator = std::make_unique<LimitedOnDemandAllocator>(config.limits.max_memory_bytes);
  }

  auto impl = std::make_shared<detail::EngineImpl>(config);
  impl->allocator = std::move(allocator);
  detail::EngineLimitsAndEpochs& state = impl->limits_and_epochs;
  state.allocation = config.allocation;
  state.limits = config.limits;
  state.epochs = config.epochs;
  state.pool = pool;
  if (config.epochs.ticker) state.ticker = std::make_unique<detail::EpochTicker>(state.epoch, config.epochs.tick);
  return detail::ApiAccess::engine(std::move(impl));
}

}  // namespace stratus
