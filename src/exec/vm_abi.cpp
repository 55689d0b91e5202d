// Holds the structs the tiers share to the offsets exec/vm_abi.hpp promises.
#include "exec/vm_abi.hpp"

#include <cstddef>
#include <type_traits>

#include "exec/interp/exec_env.hpp"
#include "exec/objects.hpp"

namespace stratus::exec {

// MemoryInst, TableInst and ExecEnv hold owning members (unique_ptr, shared_ptr, atomics), so
// they are not standard-layout and offsetof on them is only conditionally supported; clang
// supports it for classes without virtual bases, which none of these has.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winvalid-offsetof"

namespace o = vm_offsets;

static_assert(std::is_standard_layout_v<FuncInst> && std::is_trivially_copyable_v<FuncInst>);
static_assert(offsetof(FuncInst, type) == o::func_type);
static_assert(offsetof(FuncInst, instance) == o::func_instance);
static_assert(offsetof(FuncInst, code) == o::func_entry && offsetof(FuncInst, host) == o::func_entry &&
              offsetof(FuncInst, native) == o::func_entry);
static_assert(offsetof(FuncInst, kind) == o::func_kind);
static_assert(sizeof(FuncInst) == o::func_size);

static_assert(offsetof(HostFuncEntry, fn) == o::host_fn);
static_assert(offsetof(HostFuncEntry, context) == o::host_context);

static_assert(offsetof(MemoryInst, base) == o::memory_base);
static_assert(offsetof(MemoryInst, size) == o::memory_bound);

static_assert(offsetof(GlobalInst, cells) == o::global_cells);

static_assert(offsetof(TableInst, elems) + offsetof(TableElements, items) == o::table_items);
static_assert(offsetof(TableInst, elems) + offsetof(TableElements, count) == o::table_count);

static_assert(offsetof(CallRecord, return_ip) == o::record_return_ip);
static_assert(offsetof(CallRecord, caller_fp) == o::record_caller_fp);
static_assert(offsetof(CallRecord, callee) == o::record_callee);
static_assert(offsetof(CallRecord, caller_instance) == o::record_caller_instance);
static_assert(sizeof(CallRecord) == o::record_size);

static_assert(offsetof(ExecEnv, top) == o::env_top);
static_assert(offsetof(ExecEnv, records_limit) == o::env_records_limit);
static_assert(offsetof(ExecEnv, stack_limit) == o::env_stack_limit);
static_assert(offsetof(ExecEnv, instance) == o::env_instance);
static_assert(offsetof(ExecEnv, globals) == o::env_globals);
static_assert(offsetof(ExecEnv, memory) == o::env_memory);
static_assert(offsetof(ExecEnv, table0) == o::env_table0);
static_assert(offsetof(ExecEnv, interrupt_flag) == o::env_interrupt_flag &&
              sizeof(ExecEnv::interrupt_flag) == sizeof(uint32_t));
static_assert(offsetof(ExecEnv, trap_kind) == o::env_trap_kind && sizeof(TrapKind) == 1);
static_assert(offsetof(ExecEnv, trap_ip) == o::env_trap_ip);
static_assert(offsetof(ExecEnv, trap_element) == o::env_trap_element);

#pragma clang diagnostic pop

}  // namespace stratus::exec
