// Epoch interruption: raising and lowering an env's interrupt flag, and the list of envs an
// epoch advance raises flags on.
//
// The interpreter's check reads only the flag, so what this file keeps is: once an env's
// counter has reached its deadline, its flag is up, or is raised by the very write that made
// the deadline due; and no one lowers a flag that such a write raised.
//
// - Each write that can make a deadline due is followed by raising the flag: advance_epoch
//   after the counter, set_deadline and request_interrupt after the deadline. Raising is a
//   release read-modify-write, so a flag raised by several writers in turn carries all their
//   writes to the one who lowers it (read-modify-writes continue a release sequence).
// - Lowering (settle_flag) exchanges the flag to 0 with acquire first, and only then reads the
//   counter and the deadline, raising the flag again when they say due. A raise ordered before
//   the exchange is visible to those reads; one ordered after it leaves the flag up.
// - advance_epoch moves the counter, then walks the list under its lock; set_deadline on a
//   listed env writes the deadline and reads the counter under the same lock. So either the
//   walk sees the new deadline, or set_deadline sees the new counter, and whichever sees both
//   raises the flag.
#include <mutex>
#include <thread>

#include "exec/interp/exec_env.hpp"
#include "exec/invoke.hpp"

namespace stratus::exec {

void Epoch::Lock::lock() {
  while (locked_.exchange(true, std::memory_order_acquire))
    while (locked_.load(std::memory_order_relaxed)) std::this_thread::yield();
}
void Epoch::Lock::unlock() { locked_.store(false, std::memory_order_release); }

namespace {

void raise_flag(ExecEnv& env) { env.interrupt_flag.fetch_or(1, std::memory_order_release); }

bool is_due(const ExecEnv& env) {
  return env.epoch->load(std::memory_order_relaxed) >= env.deadline.load(std::memory_order_relaxed);
}

// Lowers the flag, then raises it again if the deadline is due, or if the counter is bare (no
// one would raise it when it moves). Returns whether the deadline is due.
bool settle_flag(ExecEnv& env) {
  env.interrupt_flag.exchange(0, std::memory_order_acquire);
  const bool due = is_due(env);
  if (due || env.epoch_is_bare) raise_flag(env);
  return due;
}

// Links `env` into its epoch's list; the caller holds the list's lock.
void link_watcher(Epoch& epoch, ExecEnv& env) {
  env.prev_watcher = nullptr;
  env.next_watcher = epoch.watchers;
  if (epoch.watchers) epoch.watchers->prev_watcher = &env;
  epoch.watchers = &env;
  env.watching.store(true, std::memory_order_relaxed);
}

// Leaves the list under its lock, so an advance walking it never sees a dying env. `watching`
// is written under the lock; reading it unlocked is safe here because the env's owner is
// the only one who may be unlinking it.
void stop_watching(ExecEnv& env) {
  if (!env.watching.load(std::memory_order_relaxed)) return;
  Epoch& epoch = *env.shared_epoch;
  std::lock_guard lock(epoch.watchers_lock);
  if (env.prev_watcher) env.prev_watcher->next_watcher = env.next_watcher;
  else epoch.watchers = env.next_watcher;
  if (env.next_watcher) env.next_watcher->prev_watcher = env.prev_watcher;
  env.prev_watcher = env.next_watcher = nullptr;
  env.watching.store(false, std::memory_order_relaxed);
}

}  // namespace

ExecEnv::~ExecEnv() { stop_watching(*this); }

bool interrupt_due(ExecEnv* env) { return settle_flag(*env); }

uint64_t advance_epoch(Epoch& epoch) {
  const uint64_t now = epoch.now.fetch_add(1, std::memory_order_relaxed) + 1;
  std::lock_guard lock(epoch.watchers_lock);
  for (ExecEnv* env = epoch.watchers; env; env = env->next_watcher)
    if (env->deadline.load(std::memory_order_relaxed) <= now) raise_flag(*env);
  return now;
}

void set_epoch(ExecEnv& env, Epoch& epoch) {
  stop_watching(env);
  env.shared_epoch = &epoch;
  env.epoch = &epoch.now;
  env.epoch_is_bare = false;
  // A fresh env (every Store's) has no deadline and no flag: nothing to join or settle.
  const uint64_t deadline = env.deadline.load(std::memory_order_relaxed);
  if (deadline != UINT64_MAX || env.interrupt_flag.load(std::memory_order_relaxed) != 0) set_deadline(env, deadline);
}

void set_epoch(ExecEnv& env, std::atomic<uint64_t>* counter) {
  stop_watching(env);
  env.shared_epoch = nullptr;
  env.epoch = counter ? counter : &env.own_epoch;
  env.epoch_is_bare = counter != nullptr;
  settle_flag(env);
}

// Runs on every Store's creation when the engine gives Stores a deadline: one lock, no
// other read-modify-write unless a flag must change.
void set_deadline(ExecEnv& env, uint64_t deadline) {
  bool due;
  Epoch* const epoch = env.shared_epoch;
  if (epoch && (deadline != UINT64_MAX || env.watching.load(std::memory_order_relaxed))) {
    std::lock_guard lock(epoch->watchers_lock);
    if (!env.watching.load(std::memory_order_relaxed)) link_watcher(*epoch, env);
    env.deadline.store(deadline, std::memory_order_relaxed);
    due = epoch->now.load(std::memory_order_relaxed) >= deadline;
  } else {
    // Not on a shared epoch (a private counter never moves; a bare one keeps the flag up
    // anyway), or on one with no deadline to reach: no advance to race with.
    env.deadline.store(deadline, std::memory_order_relaxed);
    due = env.epoch->load(std::memory_order_relaxed) >= deadline;
  }
  if (due) raise_flag(env);
  else if (env.epoch_is_bare || env.interrupt_flag.load(std::memory_order_relaxed) != 0) settle_flag(env);
}

uint64_t deadline(const ExecEnv& env) { return env.deadline.load(std::memory_order_relaxed); }

void request_interrupt(ExecEnv& env) {
  env.deadline.store(0, std::memory_order_relaxed);
  raise_flag(env);
}

}  // namespace stratus::exec
