// What an engine needs for limits, epochs and pooling beyond the core API, kept apart from
// EngineImpl/StoreImpl so those gain one field each.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "exec/invoke.hpp"
#include "stratus/engine.hpp"
#include "stratus/result.hpp"
#include "stratus/trap.hpp"

namespace stratus {
class Module;
}
namespace stratus::alloc {
class PoolingAllocator;
}

namespace stratus::detail {

struct StoreImpl;

// One thread that advances an epoch every tick, through exec::advance_epoch like
// Engine::increment_epoch. It holds only a weak reference to the epoch and a stop signal it
// shares with this object, never the engine: destroying the ticker (with the engine) wakes
// it and joins it, and should the epoch ever die first the thread ends on its next tick.
class EpochTicker {
 public:
  EpochTicker(const std::shared_ptr<exec::Epoch>& epoch, std::chrono::milliseconds tick);
  ~EpochTicker();
  EpochTicker(const EpochTicker&) = delete;
  EpochTicker& operator=(const EpochTicker&) = delete;

 private:
  struct Control {
    std::mutex mutex;
    std::condition_variable wake;
    bool stop = false;
  };
  std::shared_ptr<Control> control_;
  std::thread thread_;
};

struct EngineLimitsAndEpochs {
  // The counter and the Stores with a finite deadline on it (exec/invoke.hpp).
  std::shared_ptr<exec::Epoch> epoch = std::make_shared<exec::Epoch>();
  std::shared_ptr<std::atomic<uint64_t>> live_instances = std::make_shared<std::atomic<uint64_t>>(0);
  InstanceAllocation allocation = InstanceAllocation::OnDemand;
  ResourceLimits limits;
  EpochConfig epochs;
  alloc::PoolingAllocator* pool = nullptr;  // the engine's allocator when it pools
  // Last: stopped and joined first when the engine dies.
  std::unique_ptr<EpochTicker> ticker;
};

// Per Store: the instances it holds against the engine's limit. StoreImpl declares it first,
// so it is released after every memory went back to the pool: when the count says a slot
// is free, the memory slot is free too.
struct StoreClaims {
  StoreClaims() = default;
  ~StoreClaims();
  StoreClaims(const StoreClaims&) = delete;
  StoreClaims& operator=(const StoreClaims&) = delete;

  std::shared_ptr<std::atomic<uint64_t>> live_instances;
  uint64_t instances = 0;
  // Core instances counted for max_core_instances_per_component. Not enforced: only a
  // component holds several, and there are no components yet.
  uint32_t core_instances = 0;
  // The engine's name for its default deadline (max_execution_time), for the Interrupt
  // trap's message; empty: generic. Fixed at creation: set_epoch_deadline, which may run on
  // another thread, only clears `deadline_is_default`.
  std::string deadline_description;
  std::atomic<bool> deadline_is_default{false};
};

// Called by the Store constructor: points the Store at the engine's epoch and applies the
// engine's default deadline.
void attach_store(StoreImpl& store);

// Called first by instantiation: checks the module against the engine's limits and counts
// the instance against max_instances. Fails with ErrorKind::Resource naming the limit.
Result<void> admit_instance(StoreImpl& store, const Module& module);

// An Interrupt trap caused by the Store's default deadline, reworded to name the limit.
Error describe_trap(const StoreImpl& store, std::shared_ptr<const Trap> trap);

}  // namespace stratus::detail
