// Turns guard-page faults of wasm loads and stores into traps (BoundsChecks::GuardPages).
#pragma once

#include "exec/interp/exec_env.hpp"

namespace stratus::exec::interp {

// Constant-initialized, so reading or writing them is one thread-pointer-relative access with
// no lazy initialization: cheap on every call, and safe inside the signal handler.
extern constinit thread_local ExecEnv* tl_active_env;
extern constinit thread_local bool tl_fault_handling_ready;

void prepare_fault_handling_once();

// Installs the process-wide SIGSEGV/SIGBUS handler (once) and this thread's alternate signal
// stack (once per thread).
inline void prepare_fault_handling() {
  if (!tl_fault_handling_ready) [[unlikely]] prepare_fault_handling_once();
}

// The ExecEnv running wasm on this thread, innermost; the handler only acts for it.
inline ExecEnv* active_env() { return tl_active_env; }
inline void set_active_env(ExecEnv* env) { tl_active_env = env; }

// False when this thread's native stack is too close to its end for another nested invoke.
bool native_stack_has_room();

}  // namespace stratus::exec::interp
