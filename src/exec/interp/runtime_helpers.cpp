#include "exec/interp/runtime_helpers.hpp"

#include <cstring>
#include <exception>
#include <memory>
#include <string>

#include "binary/data_segment.hpp"
#include "binary/element_segment.hpp"
#include "exec/objects.hpp"
#include "exec/translate.hpp"

namespace stratus::exec::interp {

namespace {
// Wasm 2.0 bounds rule: the whole range must fit, checked before anything is written;
// a zero-length access exactly at the end is fine.
bool range_fits(uint64_t start, uint64_t len, uint64_t size) { return start <= size && len <= size - start; }

bool fail_with(ExecEnv* env, TrapKind kind, const Slot* ip) {
  raise(env, kind, ip);
  return false;
}

// Out of line, so a host call that succeeds needs no frame for the trap's shared_ptr.
[[gnu::noinline, gnu::cold]] bool host_call_failed(ExecEnv* env, const Slot* ip) {
  if (env->park_requested) {
    env->pending_trap = nullptr;  // the host function's failure only carried the request
    return false;
  }
  return fail_with(env, env->pending_trap->kind(), ip);
}
}  // namespace

bool call_host_function(ExecEnv* env, const FuncInst* f, uint64_t* cells, ModuleInst* caller) {
  HostCall call{env->host_data, caller, cells, nullptr};
  bool ok = false;
  try {
    ok = f->host->fn(f->host->context, call);
  } catch (const std::exception& e) {
    call.trap = std::make_shared<Trap>(TrapKind::HostTrap, std::string("host function threw: ") + e.what());
  } catch (...) {
    call.trap = std::make_shared<Trap>(TrapKind::HostTrap, "host function threw an exception");
  }
  if (ok) return true;
  env->pending_trap =
      call.trap ? std::move(call.trap) : std::make_shared<Trap>(TrapKind::HostTrap, "host function failed");
  return false;
}

bool call_host(ExecEnv* env, FuncInst* f, uint64_t* cells, uint64_t* free_cells, const Slot* ip) {
  // The host may call back into wasm: that invoke must place its frames past ours, and a
  // memory fault inside host code is a real crash, never a wasm trap.
  uint64_t* const saved_free = env->free_cells;
  ModuleInst* const instance = env->instance;
  CallRecord* const saved_top = env->top;
  env->free_cells = free_cells;
  env->in_wasm = false;
  const bool ok = call_host_function(env, f, cells, instance);
  env->in_wasm = true;
  env->free_cells = saved_free;
  env->top = saved_top;
  enter_instance(env, instance);
  return ok || host_call_failed(env, ip);
}

Status host_call_stopped(ExecEnv* env, const Slot* next_ip, uint64_t* fp, uint64_t* cells) {
  if (!env->park_requested) return 1;
  env->park_requested = false;
  env->park_ip = next_ip;
  env->park_fp = fp;
  env->park_cells = cells;
  return kParkedStatus;
}

bool prepare_call(ExecEnv* env, const CompiledFunc* callee, const ModuleInst* owner, const CallRecord* record,
                  const uint64_t* callee_fp, const Slot* ip) {
  if (record >= env->records_limit) return fail_with(env, TrapKind::CallStackExhausted, ip);
  if (!callee->translated()) {
    const ModuleCode& code = *owner->code;
    auto translated = ensure_translated(code, static_cast<uint32_t>(callee - code.funcs));
    if (!translated) {
      env->pending_trap = std::make_shared<Trap>(TrapKind::HostTrap, translated.error().message());
      return fail_with(env, TrapKind::HostTrap, ip);
    }
  }
  return frame_fits(callee, callee_fp, env->stack_limit) || fail_with(env, TrapKind::CallStackExhausted, ip);
}

bool memory_init(ExecEnv* env, uint32_t dst, uint32_t src, uint32_t len, uint32_t data, const Slot* ip) {
  MemoryInst* m = env->memory;
  const ModuleInst& inst = *env->instance;
  const std::span<const uint8_t> bytes =
      inst.dropped_datas[data] ? std::span<const uint8_t>() : binary::passive_data(*inst.module, data);
  if (!range_fits(src, len, bytes.size()) || !range_fits(dst, len, m->size))
    return fail_with(env, TrapKind::OutOfBoundsMemoryAccess, ip);
  if (len) std::memcpy(m->base + dst, bytes.data() + src, len);
  return true;
}

bool memory_copy(ExecEnv* env, uint32_t dst, uint32_t src, uint32_t len, const Slot* ip) {
  MemoryInst* m = env->memory;
  if (!range_fits(src, len, m->size) || !range_fits(dst, len, m->size))
    return fail_with(env, TrapKind::OutOfBoundsMemoryAccess, ip);
  if (len) std::memmove(m->base + dst, m->base + src, len);
  return true;
}

bool memory_fill(ExecEnv* env, uint32_t dst, uint8_t value, uint32_t len, const Slot* ip) {
  MemoryInst* m = env->memory;
  if (!range_fits(dst, len, m->size)) return fail_with(env, TrapKind::OutOfBoundsMemoryAccess, ip);
  if (len) std::memset(m->base + dst, value, len);
  return true;
}

bool table_fill(ExecEnv* env, uint32_t table, uint32_t start, void* value, uint32_t len, const Slot* ip) {
  TableInst* t = env->instance->tables[table];
  if (!range_fits(start, len, t->elems.size())) return fail_with(env, TrapKind::OutOfBoundsTableAccess, ip);
  for (uint32_t i = 0; i < len; ++i) t->elems[start + i] = value;
  return true;
}

bool table_copy(ExecEnv* env, uint32_t dst_table, uint32_t src_table, uint32_t dst, uint32_t src, uint32_t len,
                const Slot* ip) {
  TableInst* d = env->instance->tables[dst_table];
  TableInst* s = env->instance->tables[src_table];
  if (!range_fits(src, len, s->elems.size()) || !range_fits(dst, len, d->elems.size()))
    return fail_with(env, TrapKind::OutOfBoundsTableAccess, ip);
  if (len) std::memmove(d->elems.data() + dst, s->elems.data() + src, len * sizeof(void*));
  return true;
}

bool table_init(ExecEnv* env, uint32_t table, uint32_t elem, uint32_t dst, uint32_t src, uint32_t len, const Slot* ip) {
  TableInst* t = env->instance->tables[table];
  const ModuleInst& instance = *env->instance;
  const binary::ElemItemList items =
      instance.dropped_elems[elem] ? binary::ElemItemList{} : binary::passive_elem_items(*instance.module, elem);
  if (!range_fits(src, len, items.count) || !range_fits(dst, len, t->elems.size()))
    return fail_with(env, TrapKind::OutOfBoundsTableAccess, ip);
  if (len) write_elem_items(instance, items, src, len, t->elems.data() + dst);
  return true;
}

}  // namespace stratus::exec::interp
