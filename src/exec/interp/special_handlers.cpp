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
  fp[operand32<0>(ip)] = fp[operand32<1>(ip)];
  NEXT(2);
}
// Two copies in sequence (the second may read what the first wrote): [dst1, src1][dst2, src2].
DEFINE_HANDLER(copy_pair) {
  fp[operand32<0>(ip)] = fp[operand32<1>(ip)];
  fp[operand32<2>(ip)] = fp[operand32<3>(ip)];
  NEXT(3);
}
// Two i32.adds of cells in order (the second may read the first's result): [dst2, a2][b2, dst1][a1, b1].
DEFINE_HANDLER(add_pair) {
  fp[operand32<3>(ip)] = static_cast<uint32_t>(fp[operand32<4>(ip)] + fp[operand32<5>(ip)]);
  fp[operand32<0>(ip)] = static_cast<uint32_t>(fp[operand32<1>(ip)] + fp[operand32<2>(ip)]);
  NEXT(4);
}
DEFINE_HANDLER(copy2) {
  const uint64_t* src = fp + operand32<1>(ip);
  const uint64_t lo = src[0], hi = src[1];
  uint64_t* dst = fp + operand32<0>(ip);
  dst[0] = lo;
  dst[1] = hi;
  NEXT(2);
}
DEFINE_HANDLER(const32) {
  fp[operand32<0>(ip)] = operand32<1>(ip);
  NEXT(2);
}
DEFINE_HANDLER(const64) {
  fp[operand32<0>(ip)] = operand64<2>(ip);
  NEXT(3);
}
DEFINE_HANDLER(const128) {
  uint64_t* dst = fp + operand32<0>(ip);
  dst[0] = operand64<2>(ip);
  dst[1] = operand64<4>(ip);
  NEXT(4);
}

template <bool Check>
DEFINE_HANDLER(jump) {
  if constexpr (Check) DISPATCH_CHECKED(branch_target(ip, operand32<0>(ip)));
  else DISPATCH_AT(branch_target(ip, operand32<0>(ip)));
}
template <bool WhenNonZero, bool Check>
DEFINE_HANDLER(jump_cond) {
  if ((get<uint32_t>(fp + operand32<0>(ip)) != 0) == WhenNonZero) {
    if constexpr (Check) DISPATCH_CHECKED(branch_target(ip, operand32<1>(ip)));
    else DISPATCH_AT(branch_target(ip, operand32<1>(ip)));
  }
  NEXT(2);
}
template <bool Check>
DEFINE_HANDLER(br_table) {
  const uint32_t count = operand32<1>(ip);
  const uint32_t index = std::min(get<uint32_t>(fp + operand32<0>(ip)), count);
  uint32_t offset;
  std::memcpy(&offset, reinterpret_cast<const char*>(ip + 1) + 4 * (2 + size_t{index}), 4);
  if constexpr (Check) DISPATCH_CHECKED(branch_target(ip, offset));
  else DISPATCH_AT(branch_target(ip, offset));
}

DEFINE_HANDLER(select) {
  const uint64_t a = fp[operand32<1>(ip)], b = fp[operand32<2>(ip)];
  fp[operand32<0>(ip)] = get<uint32_t>(fp + operand32<3>(ip)) ? a : b;
  NEXT(3);
}
DEFINE_HANDLER(select2) {
  const uint64_t* src = get<uint32_t>(fp + operand32<3>(ip)) ? fp + operand32<1>(ip) : fp + operand32<2>(ip);
  const uint64_t lo = src[0], hi = src[1];
  uint64_t* dst = fp + operand32<0>(ip);
  dst[0] = lo;
  dst[1] = hi;
  NEXT(3);
}

DEFINE_HANDLER(global_get) {
  fp[operand32<0>(ip)] = env->globals[operand32<1>(ip)]->cells[0];
  NEXT(2);
}
DEFINE_HANDLER(global_get2) {
  const uint64_t* cells = env->globals[operand32<1>(ip)]->cells;
  fp[operand32<0>(ip)] = cells[0];
  fp[operand32<0>(ip) + 1] = cells[1];
  NEXT(2);
}
DEFINE_HANDLER(global_set) {
  env->globals[operand32<1>(ip)]->cells[0] = fp[operand32<0>(ip)];
  NEXT(2);
}
DEFINE_HANDLER(global_set2) {
  uint64_t* cells = env->globals[operand32<1>(ip)]->cells;
  cells[0] = fp[operand32<0>(ip)];
  cells[1] = fp[operand32<0>(ip) + 1];
  NEXT(2);
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

// Pushes a call record and enters `callee` with its frame at `callee_fp`, checking for an
// interrupt at its entry (after the push, so a trap's backtrace names the callee). Shared by
// every call form; `switch_to` is the callee's instance when it differs from the caller's.
#define ENTER_WASM(callee_expr, callee_fp_expr, return_ip_expr, switch_to)                        \
  do {                                                                                            \
    const CompiledFunc* callee_ = (callee_expr);                                                  \
    uint64_t* callee_fp_ = (callee_fp_expr);                                                      \
    CallRecord* record_ = env->top + 1;                                                           \
    if (record_ >= env->records_limit || callee_fp_ + callee_->frame_cells > env->stack_limit)    \
      [[unlikely]] return raise(env, TrapKind::CallStackExhausted, ip);                           \
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
  ENTER_WASM(reinterpret_cast<const CompiledFunc*>(operand64<2>(ip)), fp + operand32<0>(ip), ip + 3,
             static_cast<ModuleInst*>(nullptr));
}

// Calls a FuncInst that may be a host function or belong to another instance.
#define CALL_FUNC_INST(f_expr, size)                                                              \
  do {                                                                                            \
    FuncInst* f_ = (f_expr);                                                                      \
    uint64_t* args_ = fp + operand32<0>(ip);                                                      \
    if (f_->is_host()) [[unlikely]] {                                                             \
      if (!call_host(env, f_, args_, fp + env->top->callee->frame_cells, ip)) return 1;           \
      NEXT(size);                                                                                 \
    }                                                                                             \
    ENTER_WASM(f_->code, args_, ip + (size), f_->instance == env->instance ? nullptr : f_->instance); \
  } while (0)

DEFINE_HANDLER(call_import) { CALL_FUNC_INST(env->instance->funcs[operand32<1>(ip)], 2); }

// [args, elem index cell][table index, -][expected FuncType*]. The type is the engine-interned
// pointer, the same for every instance of the module, so the check is one compare.
template <bool Table0>
DEFINE_HANDLER(call_indirect) {
  const TableInst* table = Table0 ? env->table0 : env->instance->tables[operand32<2>(ip)];
  const uint32_t index = get<uint32_t>(fp + operand32<1>(ip));
  const TableElements& elems = table->elems;
  if (index >= elems.size()) [[unlikely]] return raise(env, TrapKind::UndefinedElement, ip);
  FuncInst* f = static_cast<FuncInst*>(elems[index]);
  if (!f) [[unlikely]] {
    env->trap_element = index;
    return raise(env, TrapKind::UninitializedElement, ip);
  }
  if (f->type != reinterpret_cast<const FuncType*>(operand64<4>(ip))) [[unlikely]]
    return raise(env, TrapKind::IndirectCallTypeMismatch, ip);
  // A wasm function of the running instance (host functions have no instance): the common case.
  if (f->instance == env->instance) [[likely]]
    ENTER_WASM(f->code, fp + operand32<0>(ip), ip + 4, static_cast<ModuleInst*>(nullptr));
  CALL_FUNC_INST(f, 4);
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
  fp[operand32<0>(ip)] = static_cast<uint32_t>(env->memory->pages());
  NEXT(2);
}
DEFINE_HANDLER(memory_grow) {
  const int64_t old = env->memory->grow(get<uint32_t>(fp + operand32<1>(ip)));
  fp[operand32<0>(ip)] = static_cast<uint32_t>(old);
  NEXT(2);
}
DEFINE_HANDLER(memory_init) {
  if (!interp::memory_init(env, get<uint32_t>(fp + operand32<0>(ip)), get<uint32_t>(fp + operand32<1>(ip)),
                           get<uint32_t>(fp + operand32<2>(ip)), operand32<3>(ip), ip))
    return 1;
  NEXT(3);
}
DEFINE_HANDLER(data_drop) {
  env->instance->datas[operand32<0>(ip)].bytes = {};
  NEXT(2);
}
DEFINE_HANDLER(memory_copy) {
  if (!interp::memory_copy(env, get<uint32_t>(fp + operand32<0>(ip)), get<uint32_t>(fp + operand32<1>(ip)),
                           get<uint32_t>(fp + operand32<2>(ip)), ip))
    return 1;
  NEXT(3);
}
DEFINE_HANDLER(memory_fill) {
  if (!interp::memory_fill(env, get<uint32_t>(fp + operand32<0>(ip)),
                           static_cast<uint8_t>(get<uint32_t>(fp + operand32<1>(ip))),
                           get<uint32_t>(fp + operand32<2>(ip)), ip))
    return 1;
  NEXT(3);
}

DEFINE_HANDLER(table_get) {
  const TableInst* t = env->instance->tables[operand32<2>(ip)];
  const uint32_t index = get<uint32_t>(fp + operand32<1>(ip));
  if (index >= t->elems.size()) [[unlikely]] return raise(env, TrapKind::OutOfBoundsTableAccess, ip);
  fp[operand32<0>(ip)] = reinterpret_cast<uintptr_t>(t->elems[index]);
  NEXT(3);
}
DEFINE_HANDLER(table_set) {
  TableInst* t = env->instance->tables[operand32<2>(ip)];
  const uint32_t index = get<uint32_t>(fp + operand32<0>(ip));
  if (index >= t->elems.size()) [[unlikely]] return raise(env, TrapKind::OutOfBoundsTableAccess, ip);
  t->elems[index] = reinterpret_cast<void*>(static_cast<uintptr_t>(fp[operand32<1>(ip)]));
  NEXT(3);
}
DEFINE_HANDLER(table_size) {
  fp[operand32<0>(ip)] = static_cast<uint32_t>(env->instance->tables[operand32<1>(ip)]->elems.size());
  NEXT(2);
}
DEFINE_HANDLER(table_grow) {
  TableInst* t = env->instance->tables[operand32<3>(ip)];
  void* init = reinterpret_cast<void*>(static_cast<uintptr_t>(fp[operand32<1>(ip)]));
  const int64_t old = t->grow(get<uint32_t>(fp + operand32<2>(ip)), init);
  fp[operand32<0>(ip)] = static_cast<uint32_t>(old);
  NEXT(3);
}
DEFINE_HANDLER(table_fill) {
  if (!interp::table_fill(env, operand32<3>(ip), get<uint32_t>(fp + operand32<0>(ip)),
                          reinterpret_cast<void*>(static_cast<uintptr_t>(fp[operand32<1>(ip)])),
                          get<uint32_t>(fp + operand32<2>(ip)), ip))
    return 1;
  NEXT(3);
}
DEFINE_HANDLER(table_copy) {
  if (!interp::table_copy(env, operand32<3>(ip), operand32<4>(ip), get<uint32_t>(fp + operand32<0>(ip)),
                          get<uint32_t>(fp + operand32<1>(ip)), get<uint32_t>(fp + operand32<2>(ip)), ip))
    return 1;
  NEXT(4);
}
DEFINE_HANDLER(table_init) {
  if (!interp::table_init(env, operand32<3>(ip), operand32<4>(ip), get<uint32_t>(fp + operand32<0>(ip)),
                          get<uint32_t>(fp + operand32<1>(ip)), get<uint32_t>(fp + operand32<2>(ip)), ip))
    return 1;
  NEXT(4);
}
DEFINE_HANDLER(elem_drop) {
  env->instance->elems[operand32<0>(ip)].segment = nullptr;
  NEXT(2);
}
DEFINE_HANDLER(ref_func) {
  fp[operand32<0>(ip)] = reinterpret_cast<uintptr_t>(env->instance->funcs[operand32<1>(ip)]);
  NEXT(2);
}
DEFINE_HANDLER(ref_is_null) {
  fp[operand32<0>(ip)] = fp[operand32<1>(ip)] == 0 ? 1 : 0;
  NEXT(2);
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
      .global_get2 = &global_get2,
      .global_set = &global_set,
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
