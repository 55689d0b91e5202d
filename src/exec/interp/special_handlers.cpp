// Handlers for control flow, calls, variables, references, tables and bulk memory.
#include <algorithm>

#include "exec/interp/handler_support.hpp"
#include "exec/interp/handlers.hpp"
#include "exec/interp/runtime_helpers.hpp"

namespace stratus::exec::interp {

#define DEFINE_HANDLER(name) STRATUS_PRESERVE_NONE Status name(HANDLER_ARGS)

// Reached only with the interrupt flag raised; ip is where execution continues.
DEFINE_HANDLER(check_interrupt) {
  if (interrupt_due(env)) return raise(env, TrapKind::Interrupt, ip);
  DISPATCH_AT(ip);
}

namespace {

DEFINE_HANDLER(copy) {
  using L = op::Copy;
  fp[L::dst(ip)] = fp[L::src(ip)];
  NEXT(L::slots);
}
DEFINE_HANDLER(copy_pair) {
  using L = op::CopyPair;
  fp[L::dst1(ip)] = fp[L::src1(ip)];
  fp[L::dst2(ip)] = fp[L::src2(ip)];
  NEXT(L::slots);
}
DEFINE_HANDLER(add_pair) {
  using L = op::AddPair;
  fp[L::dst1(ip)] = static_cast<uint32_t>(fp[L::a1(ip)] + fp[L::b1(ip)]);
  fp[L::dst2(ip)] = static_cast<uint32_t>(fp[L::a2(ip)] + fp[L::b2(ip)]);
  NEXT(L::slots);
}
DEFINE_HANDLER(copy2) {
  using L = op::Copy;
  const uint64_t* src = fp + L::src(ip);
  const uint64_t lo = src[0], hi = src[1];
  uint64_t* dst = fp + L::dst(ip);
  dst[0] = lo;
  dst[1] = hi;
  NEXT(L::slots);
}
DEFINE_HANDLER(const32) {
  using L = op::Const32;
  fp[L::dst(ip)] = L::imm(ip);
  NEXT(L::slots);
}
DEFINE_HANDLER(const64) {
  using L = op::Const64;
  fp[L::dst(ip)] = L::imm(ip);
  NEXT(L::slots);
}
DEFINE_HANDLER(const128) {
  using L = op::Const128;
  uint64_t* dst = fp + L::dst(ip);
  dst[0] = L::lo(ip);
  dst[1] = L::hi(ip);
  NEXT(L::slots);
}

template <bool Check>
DEFINE_HANDLER(jump) {
  using L = op::Jump;
  if constexpr (Check) DISPATCH_CHECKED(branch_target(ip, L::off(ip)));
  else DISPATCH_AT(branch_target(ip, L::off(ip)));
}
template <bool WhenNonZero, bool Check>
DEFINE_HANDLER(jump_cond) {
  using L = op::JumpCond;
  if ((get<uint32_t>(fp + L::cond(ip)) != 0) == WhenNonZero) {
    if constexpr (Check) DISPATCH_CHECKED(branch_target(ip, L::off(ip)));
    else DISPATCH_AT(branch_target(ip, L::off(ip)));
  }
  NEXT(L::slots);
}
// The branch offsets follow the fixed fields, the default last.
template <bool Check>
DEFINE_HANDLER(br_table) {
  using L = op::BrTable;
  const uint32_t count = L::count(ip);
  const uint32_t index = std::min(get<uint32_t>(fp + L::index(ip)), count);
  uint32_t offset;
  std::memcpy(&offset, reinterpret_cast<const char*>(ip + 1) + 4 * (L::fields + size_t{index}), 4);
  if constexpr (Check) DISPATCH_CHECKED(branch_target(ip, offset));
  else DISPATCH_AT(branch_target(ip, offset));
}

DEFINE_HANDLER(select) {
  using L = op::Select;
  const uint64_t a = fp[L::a(ip)], b = fp[L::b(ip)];
  fp[L::dst(ip)] = get<uint32_t>(fp + L::cond(ip)) ? a : b;
  NEXT(L::slots);
}
DEFINE_HANDLER(select2) {
  using L = op::Select;
  const uint64_t* src = get<uint32_t>(fp + L::cond(ip)) ? fp + L::a(ip) : fp + L::b(ip);
  const uint64_t lo = src[0], hi = src[1];
  uint64_t* dst = fp + L::dst(ip);
  dst[0] = lo;
  dst[1] = hi;
  NEXT(L::slots);
}

// A global's slot holds its value or a pointer to its cells (exec::global_in_slot).
inline uint64_t* cells_of_slot(const ExecEnv* env, uint32_t global) {
  return reinterpret_cast<uint64_t*>(env->globals[global]);
}

DEFINE_HANDLER(global_get) {
  using L = op::GlobalGet;
  fp[L::dst(ip)] = env->globals[L::global(ip)];
  NEXT(L::slots);
}
DEFINE_HANDLER(global_get_import) {
  using L = op::GlobalGet;
  fp[L::dst(ip)] = *cells_of_slot(env, L::global(ip));
  NEXT(L::slots);
}
DEFINE_HANDLER(global_get2) {
  using L = op::GlobalGet;
  const uint64_t* cells = cells_of_slot(env, L::global(ip));
  fp[L::dst(ip)] = cells[0];
  fp[L::dst(ip) + 1] = cells[1];
  NEXT(L::slots);
}
DEFINE_HANDLER(global_set) {
  using L = op::GlobalSet;
  env->globals[L::global(ip)] = fp[L::src(ip)];
  NEXT(L::slots);
}
DEFINE_HANDLER(global_set_import) {
  using L = op::GlobalSet;
  *cells_of_slot(env, L::global(ip)) = fp[L::src(ip)];
  NEXT(L::slots);
}
DEFINE_HANDLER(global_set2) {
  using L = op::GlobalSet;
  uint64_t* cells = cells_of_slot(env, L::global(ip));
  cells[0] = fp[L::src(ip)];
  cells[1] = fp[L::src(ip) + 1];
  NEXT(L::slots);
}

// Zeroes a callee's declared locals. Most functions have a handful, so a plain loop beats the
// memset call the compiler would otherwise make of it (which also costs the handler a stack
// adjustment around the call).
// The empty asm hides the pointer from loop idiom recognition.
inline void zero_cells(uint64_t* cells, uint32_t n) {
  for (uint64_t* const end = cells + n; cells != end;) {
    *cells++ = 0;
    __asm__("" : "+r"(cells));
  }
}

// The slow path of every call form (a tail call, so the calls' fast path needs no stack
// frame): translates the held callee if it was not, checks the limits again, and runs the
// call instruction again, which now passes its check; or traps.
DEFINE_HANDLER(retry_call) {
  const ExecEnv::HeldCall held = env->held_call;
  if (!prepare_call(env, held.callee, held.owner, env->top + 1, held.callee_fp, ip)) return 1;
  DISPATCH_AT(ip);
}

// Pushes a call record and enters `callee` with its frame at `callee_fp`, checking for an
// interrupt at its entry (after the push, so a trap's backtrace names the callee). Shared by
// every call form; `switch_to` is the callee's instance when it differs from the caller's.
// A callee not translated yet fails frame_fits and is translated by prepare_call.
#define ENTER_WASM(callee_expr, callee_fp_expr, return_ip_expr, switch_to)                        \
  do {                                                                                            \
    const CompiledFunc* callee_ = (callee_expr);                                                  \
    uint64_t* callee_fp_ = (callee_fp_expr);                                                      \
    CallRecord* record_ = env->top + 1;                                                           \
    if (record_ >= env->records_limit || !frame_fits(callee_, callee_fp_, env->stack_limit))      \
      [[unlikely]] {                                                                              \
      const ModuleInst* owner_ = (switch_to);                                                     \
      env->held_call = {callee_, owner_ ? owner_ : env->instance, callee_fp_};                    \
      [[clang::musttail]] return retry_call(ip, fp, mem, env);                                    \
    }                                                                                             \
    record_->return_ip = (return_ip_expr);                                                        \
    record_->caller_fp = fp;                                                                      \
    record_->callee = callee_;                                                                    \
    record_->caller_instance = nullptr;                                                           \
    if (ModuleInst* target_ = (switch_to)) {                                                      \
      record_->caller_instance = env->instance;                                                   \
      enter_instance(env, target_);                                                               \
      mem = env->memory ? env->memory->base : nullptr;                                            \
    }                                                                                             \
    env->top = record_;                                                                           \
    zero_cells(callee_fp_ + callee_->param_cells, callee_->local_cells);                          \
    fp = callee_fp_;                                                                              \
    DISPATCH_CHECKED(callee_->code);                                                              \
  } while (0)

DEFINE_HANDLER(call) {
  using L = op::Call;
  ENTER_WASM(L::callee(ip), fp + L::args(ip), ip + L::slots, static_cast<ModuleInst*>(nullptr));
}

// Calls a FuncInst that may be a host function or belong to another instance; L is the
// calling instruction's layout.
#define CALL_FUNC_INST(f_expr, L)                                                                 \
  do {                                                                                            \
    FuncInst* f_ = (f_expr);                                                                      \
    uint64_t* args_ = fp + L::args(ip);                                                           \
    if (f_->is_host()) [[unlikely]] {                                                             \
      if (!call_host(env, f_, args_, fp + env->top->callee->frame_cells, ip)) [[unlikely]]        \
        return host_call_stopped(env, ip + L::slots, fp, args_);                                  \
      NEXT(L::slots);                                                                             \
    }                                                                                             \
    ENTER_WASM(f_->code, args_, ip + L::slots, f_->instance == env->instance ? nullptr : f_->instance); \
  } while (0)

DEFINE_HANDLER(call_import) { CALL_FUNC_INST(env->instance->funcs[op::CallImport::func(ip)], op::CallImport); }

// The expected type is the engine-interned pointer, the same for every instance of the
// module, so the check is one compare.
template <bool Table0>
DEFINE_HANDLER(call_indirect) {
  using L = op::CallIndirect;
  const TableInst* table = Table0 ? env->table0 : env->instance->tables[L::table(ip)];
  const uint32_t index = get<uint32_t>(fp + L::elem(ip));
  const TableElements& elems = table->elems;
  if (index >= elems.size()) [[unlikely]] return raise(env, TrapKind::UndefinedElement, ip);
  FuncInst* f = static_cast<FuncInst*>(elems[index]);
  if (!f) [[unlikely]] {
    env->trap_element = index;
    return raise(env, TrapKind::UninitializedElement, ip);
  }
  if (f->type != L::type(ip)) [[unlikely]] return raise(env, TrapKind::IndirectCallTypeMismatch, ip);
  // A wasm function of the running instance (host functions have no instance): the common case.
  if (f->instance == env->instance) [[likely]]
    ENTER_WASM(f->code, fp + L::args(ip), ip + L::slots, static_cast<ModuleInst*>(nullptr));
  CALL_FUNC_INST(f, L);
}

DEFINE_HANDLER(ret) {
  CallRecord* record = env->top;
  env->top = record - 1;
  if (record->caller_instance) [[unlikely]] {
    enter_instance(env, record->caller_instance);
    mem = env->memory ? env->memory->base : nullptr;
  }
  fp = record->caller_fp;
  DISPATCH_AT(record->return_ip);
}

DEFINE_HANDLER(unreachable) { return raise(env, TrapKind::Unreachable, ip); }
DEFINE_HANDLER(exit) { return 0; }

DEFINE_HANDLER(memory_size) {
  using L = op::MemorySize;
  fp[L::dst(ip)] = static_cast<uint32_t>(env->memory->pages());
  NEXT(L::slots);
}
DEFINE_HANDLER(memory_grow) {
  using L = op::MemoryGrow;
  const int64_t old = env->memory->grow(get<uint32_t>(fp + L::delta(ip)));
  fp[L::dst(ip)] = static_cast<uint32_t>(old);
  NEXT(L::slots);
}
DEFINE_HANDLER(memory_init) {
  using L = op::MemoryInit;
  if (!interp::memory_init(env, get<uint32_t>(fp + L::dst(ip)), get<uint32_t>(fp + L::src(ip)),
                           get<uint32_t>(fp + L::len(ip)), L::data(ip), ip))
    return 1;
  NEXT(L::slots);
}
DEFINE_HANDLER(data_drop) {
  using L = op::DataDrop;
  env->instance->dropped_datas[L::data(ip)] = true;
  NEXT(L::slots);
}
DEFINE_HANDLER(memory_copy) {
  using L = op::MemoryCopy;
  if (!interp::memory_copy(env, get<uint32_t>(fp + L::dst(ip)), get<uint32_t>(fp + L::src(ip)),
                           get<uint32_t>(fp + L::len(ip)), ip))
    return 1;
  NEXT(L::slots);
}
DEFINE_HANDLER(memory_fill) {
  using L = op::MemoryFill;
  if (!interp::memory_fill(env, get<uint32_t>(fp + L::dst(ip)), static_cast<uint8_t>(get<uint32_t>(fp + L::value(ip))),
                           get<uint32_t>(fp + L::len(ip)), ip))
    return 1;
  NEXT(L::slots);
}

DEFINE_HANDLER(table_get) {
  using L = op::TableGet;
  const TableInst* t = env->instance->tables[L::table(ip)];
  const uint32_t index = get<uint32_t>(fp + L::index(ip));
  if (index >= t->elems.size()) [[unlikely]] return raise(env, TrapKind::OutOfBoundsTableAccess, ip);
  fp[L::dst(ip)] = reinterpret_cast<uintptr_t>(t->elems[index]);
  NEXT(L::slots);
}
DEFINE_HANDLER(table_set) {
  using L = op::TableSet;
  TableInst* t = env->instance->tables[L::table(ip)];
  const uint32_t index = get<uint32_t>(fp + L::index(ip));
  if (index >= t->elems.size()) [[unlikely]] return raise(env, TrapKind::OutOfBoundsTableAccess, ip);
  t->elems[index] = reinterpret_cast<void*>(static_cast<uintptr_t>(fp[L::value(ip)]));
  NEXT(L::slots);
}
DEFINE_HANDLER(table_size) {
  using L = op::TableSize;
  fp[L::dst(ip)] = static_cast<uint32_t>(env->instance->tables[L::table(ip)]->elems.size());
  NEXT(L::slots);
}
DEFINE_HANDLER(table_grow) {
  using L = op::TableGrow;
  TableInst* t = env->instance->tables[L::table(ip)];
  void* init = reinterpret_cast<void*>(static_cast<uintptr_t>(fp[L::init(ip)]));
  const int64_t old = t->grow(get<uint32_t>(fp + L::delta(ip)), init);
  fp[L::dst(ip)] = static_cast<uint32_t>(old);
  NEXT(L::slots);
}
DEFINE_HANDLER(table_fill) {
  using L = op::TableFill;
  if (!interp::table_fill(env, L::table(ip), get<uint32_t>(fp + L::start(ip)),
                          reinterpret_cast<void*>(static_cast<uintptr_t>(fp[L::value(ip)])),
                          get<uint32_t>(fp + L::len(ip)), ip))
    return 1;
  NEXT(L::slots);
}
DEFINE_HANDLER(table_copy) {
  using L = op::TableCopy;
  if (!interp::table_copy(env, L::dst_table(ip), L::src_table(ip), get<uint32_t>(fp + L::dst(ip)),
                          get<uint32_t>(fp + L::src(ip)), get<uint32_t>(fp + L::len(ip)), ip))
    return 1;
  NEXT(L::slots);
}
DEFINE_HANDLER(table_init) {
  using L = op::TableInit;
  if (!interp::table_init(env, L::table(ip), L::elem(ip), get<uint32_t>(fp + L::dst(ip)),
                          get<uint32_t>(fp + L::src(ip)), get<uint32_t>(fp + L::len(ip)), ip))
    return 1;
  NEXT(L::slots);
}
DEFINE_HANDLER(elem_drop) {
  using L = op::ElemDrop;
  env->instance->dropped_elems[L::elem(ip)] = true;
  NEXT(L::slots);
}
DEFINE_HANDLER(ref_func) {
  using L = op::RefFunc;
  fp[L::dst(ip)] = reinterpret_cast<uintptr_t>(env->instance->func(L::func(ip)));
  NEXT(L::slots);
}
DEFINE_HANDLER(ref_is_null) {
  using L = op::RefIsNull;
  fp[L::dst(ip)] = fp[L::a(ip)] == 0 ? 1 : 0;
  NEXT(L::slots);
}

}  // namespace
}  // namespace stratus::exec::interp

namespace stratus::exec {

const SpecialHandlers& special_handlers() {
  using namespace interp;
  static const SpecialHandlers table = {
      .copy = &copy,
      .copy2 = &copy2,
      .copy_pair = &copy_pair,
      .add_pair = &add_pair,
      .const32 = &const32,
      .const64 = &const64,
      .const128 = &const128,
      .jump = {&jump<false>, &jump<true>},
      .jump_if = {&jump_cond<true, false>, &jump_cond<true, true>},
      .jump_unless = {&jump_cond<false, false>, &jump_cond<false, true>},
      .br_table = {&br_table<false>, &br_table<true>},
      .select = &select,
      .select2 = &select2,
      .global_get = &global_get,
      .global_get_import = &global_get_import,
      .global_get2 = &global_get2,
      .global_set = &global_set,
      .global_set_import = &global_set_import,
      .global_set2 = &global_set2,
      .call = &call,
      .call_import = &call_import,
      .call_indirect = {&call_indirect<false>, &call_indirect<true>},
      .ret = &ret,
      .unreachable = &unreachable,
      .exit = &exit,
      .memory_size = &memory_size,
      .memory_grow = &memory_grow,
      .memory_init = &memory_init,
      .data_drop = &data_drop,
      .memory_copy = &memory_copy,
      .memory_fill = &memory_fill,
      .table_get = &table_get,
      .table_set = &table_set,
      .table_size = &table_size,
      .table_grow = &table_grow,
      .table_fill = &table_fill,
      .table_copy = &table_copy,
      .table_init = &table_init,
      .elem_drop = &elem_drop,
      .ref_func = &ref_func,
      .ref_is_null = &ref_is_null,
  };
  return table;
}

}  // namespace stratus::exec
