// Entering the interpreter from the host.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "exec/objects.hpp"
#include "stratus/trap.hpp"

namespace stratus::exec {

// Per-Store execution state: the value stack, call depth, interruption. Lives in StoreImpl;
// defined by the interpreter in exec/interp/. `host_data` is the embedder's: every host
// function called in this env receives it (HostCall::host_data, exec/vm_abi.hpp).
struct ExecEnv;
std::unique_ptr<ExecEnv, void (*)(ExecEnv*)> make_exec_env(void* host_data, size_t stack_bytes,
                                                           uint32_t max_call_depth);

// Calls `f` (wasm or host). `cells` holds the arguments in the cell format on entry and the
// results on success; it must have room for max(params, results) cells. Re-entrant: a host
// function may call back into wasm of the same Store. Returns null on success, else the trap:
// a host function's failure (or exception) traps alike whether wasm or the host called it.
std::shared_ptr<const Trap> invoke(ExecEnv& env, FuncInst* f, uint64_t* cells);

// Parking: a wasm call that a host function it calls stops, to be resumed later from the
// host, as a parked stackful task is (src/component/async/README.md). The call runs on an
// ExecStack of its own, which a parked call keeps (its frames, the records, where it goes
// on), so a parked call costs the stack's touched pages and no native stack.
struct ParkedCall;
struct ParkOutcome {
  std::shared_ptr<const Trap> trap;  // null: the call returned or parked
  ParkedCall* parked = nullptr;      // set: the call parked; the caller owns it
};
// As invoke, on a stack of its own; a host function that this call's wasm calls directly
// (no host frame in between: may_park) may park it, and then `parked` is set and `cells`
// untouched. Re-entrant, like invoke.
ParkOutcome invoke_parkable(ExecEnv& env, FuncInst* f, uint64_t* cells);
// Goes on with a parked call: the host call it parked at returns `host_results` (its result
// cells), and the call runs on as invoke_parkable's does, `cells` getting its entered
// function's results when it returns. Consumes `call`; a call parking again is a new one. An
// epoch deadline that has passed (or interrupt()) traps it before it runs.
ParkOutcome resume_parked(ExecEnv& env, ParkedCall* call, std::span<const uint64_t> host_results, uint64_t* cells);
// Frees a parked call that will not go on (its stack goes back to the thread or the OS).
void discard_parked(ParkedCall* call);
// For a running host function: whether the wasm that called it can park (it runs directly in
// invoke_parkable or resume_parked).
bool may_park(const ExecEnv& env);
// Asks to park the wasm that called the running host function, which must have said yes to
// may_park; the host function then fails (returns false), and its call parks instead of
// trapping.
void request_park(ExecEnv& env);

// Interruption: execution traps with TrapKind::Interrupt at the next function entry or loop
// back-edge once the env's epoch counter reaches its deadline. The interpreter does not read
// the counter there: it reads one per-env flag, which whoever can make the deadline due
// raises (advance_epoch, set_deadline, request_interrupt). The flag is only a hint; where
// it is found raised, the counter and the deadline decide, so a stale flag costs one re-check.
//
// An engine's envs share one Epoch: a counter and the list of envs with a finite deadline on
// it, so that advancing it raises exactly the flags it must. Without set_epoch an env counts
// on a private counter that stays 0, so only set_deadline(0) / request_interrupt() stop it.
struct Epoch {
  // Guards an epoch's list of envs. Held for a few pointer writes when an env joins or leaves
  // (each Store with a deadline does both once) and for one walk per tick. Taking it costs
  // one exchange and releasing it a plain store, half the atomic operations of std::mutex, on
  // a path every short-lived Store takes twice; a waiter yields, as the walk it may wait for
  // is O(envs). Defined in interrupt.cpp.
  class Lock {
   public:
    void lock();
    void unlock();

   private:
    std::atomic<bool> locked_{false};
  };

  std::atomic<uint64_t> now{0};  // move it only through advance_epoch; read by every call
  // On a line of their own: Stores coming and going on other threads write them.
  alignas(64) Lock watchers_lock;  // guards `watchers` and the links of every env on it
  ExecEnv* watchers = nullptr;     // envs on this epoch with a finite deadline
};
// Adds one and raises the flag of every watching env whose deadline the new value reaches;
// returns the new value. Thread-safe; O(watchers), so call it once per tick.
uint64_t advance_epoch(Epoch& epoch);
// `epoch` must outlive the env (an env leaves its list when it dies).
void set_epoch(ExecEnv& env, Epoch& epoch);
// A bare counter, moved by hand, tells no env when it moves: an env on one keeps its flag
// raised and so re-reads the counter at every check (slow; for tests). Null restores the
// private counter.
void set_epoch(ExecEnv& env, std::atomic<uint64_t>* counter);
// set_deadline and request_interrupt may be called from any thread while `env` runs;
// set_epoch may not.
void set_deadline(ExecEnv& env, uint64_t deadline);  // UINT64_MAX: never
uint64_t deadline(const ExecEnv& env);
void request_interrupt(ExecEnv& env);

}  // namespace stratus::exec
