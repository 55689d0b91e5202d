// Entering the interpreter from the host.
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>
#include <memory>

#include "exec/objects.hpp"
#include "stratus/trap.hpp"

namespace stratus { class Store; }

namespace stratus::exec {

// Per-Store execution state: the value stack, call depth, interruption. Lives in StoreImpl;
// defined by the interpreter in exec/interp/.
struct ExecEnv;
std::unique_ptr<ExecEnv, void (*)(ExecEnv*)> make_exec_env(Store& store, size_t stack_bytes, uint32_t max_call_depth);

// Calls `f` (wasm or host). `cells` holds the arguments in the cell format on entry and the
// results on success; it must have room for max(params, results) cells. Re-entrant: a host
// function may call back into wasm of the same Store. Returns null on success, else the trap.
std::shared_ptr<const Trap> invoke(ExecEnv& env, FuncInst* f, uint64_t* cells);

// Interruption: execution traps with TrapKind::Interrupt at the next function entry or loop
// back-edge once `*epoch >= deadline`. Without set_epoch the env counts on a private epoch
// that stays 0, so only set_deadline(0) / request_interrupt() stop it.
void set_epoch(ExecEnv& env, std::atomic<uint64_t>* epoch);  // null restores the private one
void set_deadline(ExecEnv& env, uint64_t deadline);          // UINT64_MAX: never
uint64_t deadline(const ExecEnv& env);
// Thread-safe: may be called from any thread while `env` runs.
void request_interrupt(ExecEnv& env);

}  // namespace stratus::exec
