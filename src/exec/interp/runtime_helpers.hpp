// Out-of-line work behind the rarer handlers: host calls, bulk memory, tables.
// Each returns true on success; on failure the trap kind is set through raise().
#pragma once

#include <cstdint>

#include "exec/interp/exec_env.hpp"

namespace stratus::exec::interp {

// The one way the VM calls a host function, for the host (invoke) and for wasm (call_host)
// alike: `caller` is the calling instance, null when the host calls. False when the call
// traps, with the trap in env->pending_trap; an exception thrown by the host function is
// such a trap (HostTrap), so it never unwinds through the interpreter.
bool call_host_function(ExecEnv* env, const FuncInst* f, uint64_t* cells, ModuleInst* caller);

// call_host_function from a call handler: a re-entrant invoke places its frames from
// `free_cells`, and the trap is raised at `ip`.
bool call_host(ExecEnv* env, FuncInst* f, uint64_t* cells, uint64_t* free_cells, const Slot* ip);

// A call handler's answer when call_host returned false: the trap status, or, when the host
// function asked to park (request_park), kParkedStatus with where to go on (`next_ip`, the
// caller's frame `fp`, the host call's `cells`) kept in the env.
[[gnu::cold]] Status host_call_stopped(ExecEnv* env, const Slot* next_ip, uint64_t* fp, uint64_t* cells);

// The slow path of a call whose quick check failed (call record or frame past its limit, or
// a callee not translated yet, which looks the same to the check): translates the callee,
// which belongs to `owner`, and checks again. False when the call traps (stack exhausted, or
// no memory to translate the callee), with the trap raised at `ip`.
[[gnu::cold]] bool prepare_call(ExecEnv* env, const CompiledFunc* callee, const ModuleInst* owner,
                                const CallRecord* record, const uint64_t* callee_fp, const Slot* ip);

bool memory_init(ExecEnv* env, uint32_t dst, uint32_t src, uint32_t len, uint32_t data, const Slot* ip);
bool memory_copy(ExecEnv* env, uint32_t dst, uint32_t src, uint32_t len, const Slot* ip);
bool memory_fill(ExecEnv* env, uint32_t dst, uint8_t value, uint32_t len, const Slot* ip);
bool table_fill(ExecEnv* env, uint32_t table, uint32_t start, void* value, uint32_t len, const Slot* ip);
bool table_copy(ExecEnv* env, uint32_t dst_table, uint32_t src_table, uint32_t dst, uint32_t src, uint32_t len,
                const Slot* ip);
bool table_init(ExecEnv* env, uint32_t table, uint32_t elem, uint32_t dst, uint32_t src, uint32_t len, const Slot* ip);

}  // namespace stratus::exec::interp
