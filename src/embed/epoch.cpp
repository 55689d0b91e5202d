// Epoch interruption: the engine's counter, its ticker thread, and Store deadlines.
#include <string>

#include "embed/engine_impl.hpp"
#include "embed/limits_and_epochs.hpp"
#include "embed/store_impl.hpp"
#include "exec/invoke.hpp"
#include "stratus/store.hpp"

namespace stratus {

namespace detail {

EpochTicker::EpochTicker(const std::shared_ptr<exec::Epoch>& epoch, std::chrono::milliseconds tick)
    : control_(std::make_shared<Control>()) {
  std::weak_ptr<exec::Epoch> weak_epoch = epoch;
  thread_ = std::thread([control = control_, weak_epoch, tick] {
    std::unique_lock lock(control->mutex);
    for (;;) {
      if (control->wake.wait_for(lock, tick, [&] { return control->stop; })) return;
      auto epoch = weak_epoch.lock();
      if (!epoch) return;
      exec::advance_epoch(*epoch);
    }
  });
}

EpochTicker::~EpochTicker() {
  {
    std::lock_guard lock(control_->mutex);
    control_->stop = true;
  }
  control_->wake.notify_all();
  if (thread_.joinable()) thread_.join();
}

StoreClaims::~StoreClaims() {
  if (live_instances && instances) live_instances->fetch_sub(instances, std::memory_order_acq_rel);
}

namespace {
uint64_t deadline_after(uint64_t now, uint64_t ticks) { return ticks > UINT64_MAX - now ? UINT64_MAX : now + ticks; }
}  // namespace

void attach_store(StoreImpl& store) {
  EngineLimitsAndEpochs& state = detail::impl(store.engine).limits_and_epochs;
  store.claims.live_instances = state.live_instances;
  exec::set_epoch(*store.env, *state.epoch);
  if (state.epochs.store_deadline_ticks != UINT64_MAX) {
    store.claims.deadline_description = state.epochs.limit_description;
    store.claims.deadline_is_default.store(true, std::memory_order_relaxed);
    exec::set_deadline(*store.env, deadline_after(state.epoch->now.load(std::memory_order_relaxed),
                                                  state.epochs.store_deadline_ticks));
  }
}

Error describe_trap(const StoreImpl& store, std::shared_ptr<const Trap> trap) {
  // A deadline of 0 is Store::interrupt(), not the time limit.
  if (trap && trap->kind() == TrapKind::Interrupt && store.claims.deadline_is_default.load(std::memory_order_relaxed) &&
      !store.claims.deadline_description.empty() && exec::deadline(*store.env) != 0)
    trap = std::make_shared<const Trap>(TrapKind::Interrupt,
                                        "interrupted: execution time limit reached (" +
                                            store.claims.deadline_description + ")",
                                        trap->backtrace(), trap->exit_code(), trap->omitted_frames());
  return Error(std::move(trap));
}

}  // namespace detail

void Store::set_epoch_deadline(uint64_t ticks) {
  const uint64_t now = detail::impl(impl_->engine).limits_and_epochs.epoch->now.load(std::memory_order_relaxed);
  impl_->claims.deadline_is_default.store(false, std::memory_order_relaxed);
  exec::set_deadline(*impl_->env, detail::deadline_after(now, ticks));
}

uint64_t Store::epoch_deadline() const { return exec::deadline(*impl_->env); }

void Store::interrupt() {
  // Touches only the env's atomics: this may run on another thread while the Store runs.
  exec::request_interrupt(*impl_->env);
}

// The ticker's path too: advancing raises the interrupt flag of each Store it made due.
void Engine::increment_epoch() const { exec::advance_epoch(*impl_->limits_and_epochs.epoch); }
uint64_t Engine::current_epoch() const { return impl_->limits_and_epochs.epoch->now.load(std::memory_order_relaxed); }
uint64_t Engine::live_instances() const { return impl_->limits_and_epochs.live_instances->load(std::memory_order_relaxed); }
InstanceAllocation Engine::allocation() const { return impl_->limits_and_epochs.allocation; }
const ResourceLimits& Engine::limits() const { return impl_->limits_and_epochs.limits; }

}  // namespace stratus
