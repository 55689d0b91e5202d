// Turns guard-page faults of wasm loads and stores into traps (BoundsChecks::GuardPages).
#pragma once

#include "exec/interp/exec_env.hpp"

namespace stratus::exec::interp {

// Installs the process-wide SIGSEGV/SIGBUS handler (once) and this thread's alternate signal
// stack (once per thread).
void prepare_fault_handling();

// The ExecEnv running wasm on this thread, innermost; the handler only acts for it.
ExecEnv* active_env();
void set_active_env(ExecEnv* env);

// False when this thread's native stack is too close to its end for another nested invoke.
bool native_stack_has_room();

}  // namespace stratus::exec::interp
