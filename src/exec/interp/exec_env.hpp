// Per-Store execution state. Handlers read the hot fields directly; their offsets are the
// tiers' contract (exec/vm_abi.hpp, checked in vm_abi.cpp). Other layers use the functions in
// exec/invoke.hpp.
#pragma once

#include <atomic>
#include <csetjmp>
#include <cstdint>
#include <memory>
#include <vector>

#include "exec/interp/code.hpp"
#include "exec/interp/exec_stack.hpp"
#include "exec/objects.hpp"
#include "stratus/trap.hpp"

namespace stratus::exec {

struct Epoch;  // exec/invoke.hpp

// One active wasm call. Kept apart from the value stack so frames stay dense and
// a trap can walk them for the backtrace.
struct CallRecord {
  const Slot* return_ip;  // where the caller resumes
  uint64_t* caller_fp;
  const CompiledFunc* callee;   // the function running at this level
  ModuleInst* caller_instance;  // non-null only when the call switched instances
};

struct ExecEnv {
  ExecEnv() = default;
  ~ExecEnv();  // leaves its Epoch's list: an epoch advancing on another thread may be reading it
  ExecEnv(const ExecEnv&) = delete;
  ExecEnv& operator=(const ExecEnv&) = delete;

  // --- hot: read by handlers ---
  CallRecord* top = nullptr;            // the running function's record
  CallRecord* records_limit = nullptr;  // a call pushing past this exhausts the call stack
  uint64_t* stack_limit = nullptr;      // one past the last usable value-stack cell
  ModuleInst* instance = nullptr;       // the running function's instance
  uint64_t* globals = nullptr;          // instance->globals: its global slots
  MemoryInst* memory = nullptr;         // instance->memory0()
  TableInst* table0 = nullptr;          // instance->tables[0] (call_indirect's usual table)
  // Raised when an interrupt may be due: the one load of the interruption check (see
  // exec/invoke.hpp and interp/interrupt.cpp for who raises and lowers it).
  std::atomic<uint32_t> interrupt_flag{0};

  // --- trap details, set by the handler that traps ---
  TrapKind trap_kind = TrapKind::Unreachable;
  const Slot* trap_ip = nullptr;
  int64_t trap_element = -1;                 // UninitializedElement: the table index, for the message
  std::shared_ptr<const Trap> pending_trap;  // a trap raised by a host function, kept verbatim

  // --- cold ---
  // A call whose quick check failed, handed by its handler to retry_call (special_handlers.cpp).
  struct HeldCall {
    const CompiledFunc* callee = nullptr;
    const ModuleInst* owner = nullptr;  // the callee's instance
    const uint64_t* callee_fp = nullptr;
  } held_call;
  void* host_data = nullptr;   // the embedder's, handed to host functions (HostCall)
  ExecStack* stack = nullptr;  // borrowed while a call runs (see exec_stack.hpp)
  size_t stack_cells = 0;
  uint32_t max_call_depth = 0;
  uint64_t* free_cells = nullptr;  // where a re-entrant invoke may place its frame
  uint32_t reentry_depth = 0;
  sigjmp_buf* fault_jump = nullptr;  // the innermost invoke's recovery point (guard pages)
  const Slot* fault_ip = nullptr;    // the handler's ip register at a guard-page fault (unchecked)
  bool in_wasm = false;              // false while a host function runs

  // --- parking (exec/invoke.hpp's invoke_parkable): cold, read only around host calls ---
  // The reentry depth whose wasm a host function may park: that of the innermost
  // invoke_parkable or resume_parked; 0 when none is running.
  uint32_t park_depth = 0;
  bool park_requested = false;  // set by request_park, taken by the call handler
  // Where the parked code goes on: the instruction after the host call, its frame, and the
  // host call's cells (its results go there on resume).
  const Slot* park_ip = nullptr;
  uint64_t* park_fp = nullptr;
  uint64_t* park_cells = nullptr;

  // --- interruption: handlers read these only once interrupt_flag is raised ---
  std::atomic<uint64_t>* epoch = nullptr;  // the counter; never null: `own_epoch` by default
  std::atomic<uint64_t> deadline{UINT64_MAX};
  std::atomic<uint64_t> own_epoch{0};
  Epoch* shared_epoch = nullptr;  // the Epoch `epoch` belongs to, if any
  bool epoch_is_bare = false;     // a counter moved by hand: the flag stays raised
  // Membership of shared_epoch->watchers; the links are guarded by its lock.
  std::atomic<bool> watching{false};
  ExecEnv* prev_watcher = nullptr;
  ExecEnv* next_watcher = nullptr;
};

// A call handler's status when the host function it called parked the call (see
// exec/invoke.hpp): not 0 (returned) and not 1 (trapped).
inline constexpr Status kParkedStatus = 2;

// A wasm call parked at a host call, holding the stack its frames are on until it resumes.
struct ParkedCall {
  ExecStack* stack = nullptr;
  CallRecord* top = nullptr;       // the record of the function that made the host call
  ModuleInst* instance = nullptr;  // that function's instance
  const Slot* resume_ip = nullptr;
  uint64_t* fp = nullptr;
  uint64_t* host_cells = nullptr;       // the host call's results go here on resume
  const CompiledFunc* entry = nullptr;  // the function invoke_parkable entered: its results
  uint64_t* entry_fp = nullptr;
};

// Sets `env.trap_*` and returns the trap status; used by handlers and helpers.
inline Status raise(ExecEnv* env, TrapKind kind, const Slot* ip) {
  env->trap_kind = kind;
  env->trap_ip = ip;
  return 1;
}

// The slow half of the interruption check, for an env whose interrupt_flag is raised: whether
// the counter has reached the deadline. Lowers the flag when it has not (a stale hint), so
// the caller carries on. Out of line and cold; defined in interrupt.cpp.
[[gnu::cold]] bool interrupt_due(ExecEnv* env);

// Makes `instance` current: globals and memory follow it.
inline void enter_instance(ExecEnv* env, ModuleInst* instance) {
  env->instance = instance;
  env->globals = instance->globals;
  env->memory = instance->memory0();
  env->table0 = instance->tables.empty() ? nullptr : instance->tables[0];
}

}  // namespace stratus::exec
