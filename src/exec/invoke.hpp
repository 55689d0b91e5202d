// Entering the interpreter from the host.
#pragma once

#include <cstdint>
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

}  // namespace stratus::exec
