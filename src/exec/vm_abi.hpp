// The VM's calling contract: what every execution tier (today the interpreter, later a
// compiled tier) and the host agree on. Compiled code reaches these structures by fixed
// offsets, so the offsets are spelled out here (in vm_offsets) and checked against the
// structs in vm_abi.cpp, as wasmtime's vmoffsets does: a change of layout that the tiers
// have not agreed on fails to compile.
//
//   function     FuncInst: its type, its instance, its kind and the entry of that kind
//   memory       MemoryInst: base at memory_base, current bound (bytes) at memory_bound
//   globals      an instance's slots, one a global (ModuleInst::globals): a defined global's
//                value, or a pointer to the cells of an import or a v128 (global_in_slot);
//                GlobalInst, the handles' record: a pointer to the cells at global_cells
//   tables       TableInst: element array at table_items, element count at table_count
//   context      ExecEnv (one per Store, passed to every handler): the call-record stack and
//                its limit, the value-stack limit, the running instance and its globals,
//                memory 0 and table 0, the interrupt flag, the trap a handler reports
//   backtrace    CallRecord: one per active wasm call, walked innermost first by a trap
//   host call    HostFuncEntry: a function pointer, its context and the cells; a host trap
//                comes back through HostCall::trap
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "stratus/trap.hpp"
#include "stratus/types.hpp"

namespace stratus::exec {

struct CompiledFunc;  // the interpreter's code for one function (exec/interp/code.hpp)
struct ModuleInst;    // exec/objects.hpp
struct FuncInst;

// One call of a host function, as the VM makes it.
struct HostCall {
  void* host_data = nullptr;       // the embedder's per-Store pointer given to make_exec_env
  ModuleInst* caller = nullptr;    // the instance whose code calls; null when the host does
  uint64_t* cells = nullptr;       // the arguments on entry, the results on success (cell format)
  // Set by a failing call: the trap to report. Left null, the failure is a HostTrap.
  std::shared_ptr<const Trap> trap;
};

// A host function. The embedder owns the entry (and what `context` points to) for as long as
// any FuncInst refers to it. `fn` returns false when the call traps. It may throw: the VM
// turns an exception into a HostTrap, whoever made the call.
struct HostFuncEntry {
  bool (*fn)(const void* context, HostCall& call) = nullptr;
  const void* context = nullptr;
};

// How a function is entered; it decides which member of FuncInst's entry is live.
enum class FuncKind : uint8_t {
  Interpreted,  // `code`: translated internal code, run by the interpreter
  Host,         // `host`: called through HostFuncEntry::fn
  Native,       // `native`: machine code of a compiled tier (no tier produces it yet)
};

// A function as every tier sees it: one per function per instance (host functions: one per
// definition in a Store). Kept small and trivially destructible, because a module of
// thousands of functions writes a block of these on every instantiation.
struct FuncInst {
  const FuncType* type;      // interned by the engine: equal types <=> equal pointers
  ModuleInst* instance;      // the defining instance; null for host functions
  union {
    const CompiledFunc* code;   // Interpreted: its func_index names it in backtraces
    const HostFuncEntry* host;  // Host: owned by the Store or an InstancePre it holds
    const void* native;         // Native
  };
  FuncKind kind;

  static FuncInst interpreted(const FuncType* type, ModuleInst* instance, const CompiledFunc* code) {
    FuncInst f{type, instance, {.code = code}, FuncKind::Interpreted};
    return f;
  }
  static FuncInst host_func(const FuncType* type, const HostFuncEntry* host) {
    FuncInst f{type, nullptr, {.host = host}, FuncKind::Host};
    return f;
  }
  bool is_host() const { return kind == FuncKind::Host; }
};

// Byte offsets the tiers read at; vm_abi.cpp asserts each against the struct it names.
namespace vm_offsets {
// FuncInst
inline constexpr size_t func_type = 0;
inline constexpr size_t func_instance = 8;
inline constexpr size_t func_entry = 16;  // code / host / native
inline constexpr size_t func_kind = 24;
inline constexpr size_t func_size = 32;
// HostFuncEntry
inline constexpr size_t host_fn = 0;
inline constexpr size_t host_context = 8;
// MemoryInst: base never moves while the memory lives; the bound changes with memory.grow.
inline constexpr size_t memory_base = 0;
inline constexpr size_t memory_bound = 8;
// GlobalInst: a pointer to the value's cells (v128 uses two)
inline constexpr size_t global_cells = 0;
// TableInst: null element = null reference
inline constexpr size_t table_items = 0;
inline constexpr size_t table_count = 8;
// CallRecord
inline constexpr size_t record_return_ip = 0;
inline constexpr size_t record_caller_fp = 8;
inline constexpr size_t record_callee = 16;  // const CompiledFunc*: backtraces name it
inline constexpr size_t record_caller_instance = 24;
inline constexpr size_t record_size = 32;
// ExecEnv: the hot head every handler reads, then the trap a handler reports.
inline constexpr size_t env_top = 0;             // CallRecord* of the running function
inline constexpr size_t env_records_limit = 8;   // a call pushing a record here exhausts the stack
inline constexpr size_t env_stack_limit = 16;    // one past the last usable value-stack cell
inline constexpr size_t env_instance = 24;       // ModuleInst* running
inline constexpr size_t env_globals = 32;        // uint64_t*: the instance's global slots
inline constexpr size_t env_memory = 40;         // MemoryInst*: memory 0, or null
inline constexpr size_t env_table0 = 48;         // TableInst*: table 0, or null
inline constexpr size_t env_interrupt_flag = 56; // uint32_t, non-zero: check the epoch deadline
inline constexpr size_t env_trap_kind = 60;      // TrapKind (uint8_t)
inline constexpr size_t env_trap_ip = 64;        // where the trapping code is, for the backtrace
inline constexpr size_t env_trap_element = 72;   // int64_t: the table index an UninitializedElement names
}  // namespace vm_offsets

}  // namespace stratus::exec
