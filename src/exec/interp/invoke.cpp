// Entering the interpreter from the host, and turning a trap into a Trap with a backtrace.
#include "exec/invoke.hpp"

#include <algorithm>
#include <cassert>
#include <csetjmp>
#include <cstring>
#include <utility>
#include <vector>

#include "exec/interp/exec_env.hpp"
#include "exec/interp/fault_handler.hpp"
#include "exec/interp/handlers.hpp"
#include "exec/interp/runtime_helpers.hpp"
#include "exec/translate.hpp"
#include "stratus/engine.hpp"

namespace stratus::exec {

namespace {

constexpr uint32_t kMaxReentryDepth = 1000;
// A trap keeps this many innermost and this many outermost frames of a deeper stack.
constexpr size_t kKeptBacktraceFrames = kPrintedBacktraceFrames;

// The return address of an invoke's own record: returning from the entered function runs the
// exit handler, which ends the handler chain with status 0.
const Slot kExitCode[1] = {reinterpret_cast<uintptr_t>(special_handlers().exit)};

std::shared_ptr<const Trap> make_trap(TrapKind kind) {
  return std::make_shared<Trap>(kind, std::string(trap_message(kind)));
}

// The first kMaxFrameNameBytes of `name`, cut before a UTF-8 continuation byte; sets
// `whole_bytes` when it cut.
std::string bounded_name(std::string_view name, uint64_t& whole_bytes) {
  if (name.size() <= kMaxFrameNameBytes) return std::string(name);
  size_t end = kMaxFrameNameBytes;
  for (size_t back = 0; back < 3 && (static_cast<uint8_t>(name[end]) & 0xc0) == 0x80; ++back) --end;
  whole_bytes = name.size();
  return std::string(name.substr(0, end));
}

Frame frame_of(const CompiledFunc* f, const Slot* pc) {
  Frame frame;
  frame.func_index = f->func_index;
  frame.code_offset = pc ? f->wasm_offset_at(pc) : 0;
  if (f->module_code && f->module_code->module) {
    const binary::NameSection& names = f->module_code->module->names;
    frame.module_name = bounded_name(names.module_name, frame.module_name_bytes);
    if (auto name = names.function_name(f->func_index)) frame.func_name = bounded_name(*name, frame.func_name_bytes);
  }
  return frame;
}

struct Backtrace {
  std::vector<Frame> frames;
  OmittedFrames omitted;
};

// Innermost first: the trapping function at trap_ip, then each caller at its call instruction.
Backtrace backtrace(const ExecEnv& env, const CallRecord* entry) {
  Backtrace out;
  const size_t depth = env.top >= entry ? static_cast<size_t>(env.top - entry) + 1 : 0;
  const bool cut = depth > 2 * kKeptBacktraceFrames;
  if (cut) out.omitted = {kKeptBacktraceFrames, depth - 2 * kKeptBacktraceFrames};
  const Slot* pc = env.trap_ip;
  size_t level = 0;
  for (const CallRecord* r = env.top; r >= entry; --r, ++level) {
    if (cut && level == kKeptBacktraceFrames) {  // skip to the outermost frames
      r -= out.omitted.count;
      pc = r[1].return_ip - 1;
      level += out.omitted.count;
    }
    out.frames.push_back(frame_of(r->callee, pc));
    pc = r->return_ip - 1;  // inside the call instruction
  }
  return out;
}

std::shared_ptr<const Trap> trap_from_env(ExecEnv& env, const CallRecord* entry) {
  Backtrace trace = backtrace(env, entry);
  std::shared_ptr<const Trap> host = std::move(env.pending_trap);
  env.pending_trap = nullptr;
  if (host) {
    if (!host->backtrace().empty()) return host;  // it came from deeper wasm: keep its frames
    return std::make_shared<Trap>(host->kind(), host->message(), std::move(trace.frames), host->exit_code(),
                                  trace.omitted);
  }
  if (env.trap_kind == TrapKind::CallStackExhausted && env.stack) env.stack->exhausted = true;
  std::string message(trap_message(env.trap_kind));
  if (env.trap_kind == TrapKind::UninitializedElement && env.trap_element >= 0)
    message += " " + std::to_string(env.trap_element);  // the spec suite's wording names the index
  env.trap_element = -1;
  return std::make_shared<Trap>(env.trap_kind, std::move(message), std::move(trace.frames), 0, trace.omitted);
}

// The outermost invoke borrows the value stack and call records for its duration; a nested
// one (env.stack already set) borrows nothing.
class BorrowedStack {
 public:
  explicit BorrowedStack(ExecEnv& env) : env_(env.stack ? nullptr : &env) {
    if (!env_) return;
    // records[0] is a sentinel below the first real call.
    env.stack = acquire_exec_stack(env.stack_cells, env.max_call_depth + 2);
    if (!env.stack) return;
    env.stack->records[0] = CallRecord{};
    env.top = env.stack->records;
    env.records_limit = env.stack->records + env.max_call_depth + 1;
    env.free_cells = env.stack->cells;
    env.stack_limit = env.stack->cells + env.stack_cells;
  }
  ~BorrowedStack() {
    if (!env_) return;
    release_exec_stack(env_->stack);
    env_->stack = nullptr;
    env_->top = env_->records_limit = nullptr;
    env_->free_cells = env_->stack_limit = nullptr;
  }
  BorrowedStack(const BorrowedStack&) = delete;
  BorrowedStack& operator=(const BorrowedStack&) = delete;

 private:
  ExecEnv* env_;  // null: nested, nothing borrowed
};

// Everything invoke changes in the env, so a nested invoke leaves it as it found it.
struct SavedEnv {
  CallRecord* top;
  ModuleInst* instance;
  uint64_t* globals;
  MemoryInst* memory;
  uint64_t* free_cells;
  sigjmp_buf* fault_jump;
  bool in_wasm;
  ExecEnv* active;
};

// Where a guard-page fault landed: the record stack still shows which function, and the
// handler's ip register (if it points into that function) which instruction.
[[gnu::noinline, gnu::cold]] Status record_guard_fault(ExecEnv& env) {
  const CompiledFunc* running = env.top->callee;
  const Slot* ip = env.fault_ip;
  env.fault_ip = nullptr;
  const auto at = reinterpret_cast<uintptr_t>(ip);
  const auto code = reinterpret_cast<uintptr_t>(running ? running->code : nullptr);
  const bool inside = code && at >= code && at < code + uint64_t{running->code_slots} * sizeof(Slot);
  env.trap_kind = TrapKind::OutOfBoundsMemoryAccess;
  env.trap_ip = inside ? ip : nullptr;
  return 1;
}

// Runs from `ip` (its frame at `fp`, its record pushed) with the guard-page recovery point
// armed: a function's first instruction, or where a parked call goes on.
// The only function that calls sigsetjmp, and small so that what makes the jump back defined
// stays easy to check:
//  - after the second return it reads only `env` (a parameter never assigned) and memory
//    through it, never a local assigned after sigsetjmp (such a local would be indeterminate,
//    C 7.13.2.1, unless volatile);
//  - no object with a destructor lives here or in the frames the jump discards (handlers and
//    their helpers): a throw in its place would run no destructor, as [csetjmp.syn] requires;
//  - it stays out of line: a caller's locals never share the returns-twice frame, whatever
//    inlining the compiler chooses for the code around it;
//  - the signal mask is not saved (savemask 0): see prepare_fault_handling_once.
// The caller disarms the point (restores env.fault_jump) as soon as this returns.
[[gnu::noinline]] Status run_guarded(ExecEnv& env, const Slot* ip, uint64_t* fp) {
  sigjmp_buf recovery;
  env.fault_jump = &recovery;  // its address escapes before sigsetjmp, not between the returns
  if (sigsetjmp(recovery, 0) != 0) return record_guard_fault(env);
  env.in_wasm = true;  // the handler jumps only from here on, once `recovery` is filled
  uint8_t* mem = env.memory ? env.memory->base : nullptr;
  return reinterpret_cast<Handler>(ip[0])(ip, fp, mem, &env);
}

// What a run of wasm starts from: `top` is the running function's record (for a fresh call,
// `entry`, the entered function's), `ip` and `fp` where it runs.
struct RunFrom {
  CallRecord* entry;
  CallRecord* top;
  ModuleInst* instance;
  const Slot* ip;
  uint64_t* fp;
  const CompiledFunc* entered;  // the function at `entry`: its results
  uint64_t* entry_fp;
};

// Runs wasm with the env switched to it and restored after; `Parkable`: a host function the
// wasm calls may park the run, which then returns with *parked set (its frames stay where
// they are, on env.stack) and no trap.
template <bool Parkable>
std::shared_ptr<const Trap> run_from(ExecEnv& env, const RunFrom& from, uint64_t* cells, ParkedCall** parked) {
  const SavedEnv saved{env.top,        env.instance,   env.globals, env.memory,
                       env.free_cells, env.fault_jump, env.in_wasm, interp::active_env()};
  env.top = from.top;
  enter_instance(&env, from.instance);
  ++env.reentry_depth;
  interp::set_active_env(&env);
  [[maybe_unused]] uint32_t outer_park_depth = 0;
  if constexpr (Parkable) {
    outer_park_depth = env.park_depth;
    env.park_depth = env.reentry_depth;
  }

  const Status status = run_guarded(env, from.ip, from.fp);
  env.fault_jump = saved.fault_jump;
  env.in_wasm = saved.in_wasm;

  std::shared_ptr<const Trap> trap;
  if constexpr (Parkable) {
    env.park_depth = outer_park_depth;
    if (status == kParkedStatus) {
      *parked = new ParkedCall{env.stack,   env.top,        env.instance, env.park_ip,
                               env.park_fp, env.park_cells, from.entered, from.entry_fp};
    }
  }
  if (status == kParkedStatus) {
    // A host function that parked without asking may_park: nothing can resume this call.
    if constexpr (!Parkable)
      trap = std::make_shared<Trap>(TrapKind::HostTrap, "a host function parked a call that cannot park");
  } else if (status != 0) {
    trap = trap_from_env(env, from.entry);
  } else if (const uint32_t n = from.entered->result_cells; n != 0) {
    std::memcpy(cells, from.entry_fp, size_t{n} * sizeof(uint64_t));
  }

  interp::set_active_env(saved.active);
  --env.reentry_depth;
  env.top = saved.top;
  env.instance = saved.instance;
  env.globals = saved.globals;
  env.memory = saved.memory;
  env.table0 = saved.instance && !saved.instance->tables.empty() ? saved.instance->tables[0] : nullptr;
  env.free_cells = saved.free_cells;
  return trap;
}

// A wasm call on the borrowed stack: frame and record checks, the entry interruption check,
// then the call with the env switched to the callee and restored after it.
template <bool Parkable>
std::shared_ptr<const Trap> enter_wasm(ExecEnv& env, FuncInst* f, uint64_t* cells, ParkedCall** parked) {
  const CompiledFunc* code = f->code;
  if (!code->translated()) {
    const ModuleCode& module_code = *f->instance->code;
    auto translated = ensure_translated(module_code, static_cast<uint32_t>(code - module_code.funcs));
    if (!translated) return std::make_shared<Trap>(TrapKind::HostTrap, translated.error().message());
  }
  uint64_t* const fp = env.free_cells;
  CallRecord* const entry = env.top + 1;
  if (entry >= env.records_limit || !frame_fits(code, fp, env.stack_limit))
    return make_trap(TrapKind::CallStackExhausted);
  // Once per call, so the full comparison rather than the handlers' flag (interrupt.cpp).
  if (env.epoch->load(std::memory_order_relaxed) >= env.deadline.load(std::memory_order_relaxed))
    return make_trap(TrapKind::Interrupt);

  // Most host calls pass a few cells or none: a call into memcpy or memset costs more than
  // the test that skips it.
  if (const uint32_t n = code->param_cells; n != 0) std::memcpy(fp, cells, size_t{n} * sizeof(uint64_t));
  if (const uint32_t n = code->local_cells; n != 0)
    std::memset(fp + code->param_cells, 0, size_t{n} * sizeof(uint64_t));
  *entry = CallRecord{kExitCode, nullptr, code, nullptr};
  return run_from<Parkable>(env, RunFrom{entry, entry, f->instance, code->code, fp, code, fp}, cells, parked);
}

// The env's stack and where calls go on it: what a parkable run replaces with a stack of its
// own and puts back after.
struct StackInUse {
  ExecStack* stack;
  CallRecord* top;
  CallRecord* records_limit;
  uint64_t* stack_limit;
  uint64_t* free_cells;

  static StackInUse of(const ExecEnv& env) {
    return {env.stack, env.top, env.records_limit, env.stack_limit, env.free_cells};
  }
  void restore(ExecEnv& env) const {
    env.stack = stack;
    env.top = top;
    env.records_limit = records_limit;
    env.stack_limit = stack_limit;
    env.free_cells = free_cells;
  }
};

// Makes `stack` the env's, with `top` its running record.
void use_stack(ExecEnv& env, ExecStack* stack, CallRecord* top) {
  env.stack = stack;
  env.top = top;
  env.records_limit = stack->records + env.max_call_depth + 1;
  env.free_cells = stack->cells;
  env.stack_limit = stack->cells + env.stack_cells;
}

// A parkable run ended: a parked call keeps its stack, a finished one gives it back.
ParkOutcome finish_parkable(ExecEnv& env, std::shared_ptr<const Trap> trap, ParkedCall* parked,
                            const StackInUse& outer) {
  if (!parked) release_task_stack(env.stack);
  outer.restore(env);
  return ParkOutcome{std::move(trap), parked};
}

// Whether a host call may re-enter wasm here (the native stack and the reentry count).
bool may_reenter(const ExecEnv& env) {
  return env.reentry_depth == 0 || (env.reentry_depth < kMaxReentryDepth && interp::native_stack_has_room());
}

}  // namespace

// The default call depth is the stack's size in records (engine.hpp): a runaway recursion's
// records cost what its cells may.
static_assert(sizeof(CallRecord) == kWasmStackBytesPerCall);

std::unique_ptr<ExecEnv, void (*)(ExecEnv*)> make_exec_env(void* host_data, size_t stack_bytes,
                                                           uint32_t max_call_depth) {
  std::unique_ptr<ExecEnv, void (*)(ExecEnv*)> env(new ExecEnv, [](ExecEnv* e) { delete e; });
  env->host_data = host_data;
  // Engine::create refuses settings outside these ranges; clamping here keeps any other caller
  // from wrapping the stack's size or the depth count.
  env->stack_cells = std::clamp(stack_bytes, kMinWasmStack, kMaxWasmStack) / sizeof(uint64_t);
  env->max_call_depth = std::clamp<uint32_t>(max_call_depth, 1, kMaxCallDepth);
  env->epoch = &env->own_epoch;
  interp::prepare_fault_handling();
  return env;
}

std::shared_ptr<const Trap> invoke(ExecEnv& env, FuncInst* f, uint64_t* cells) {
  if (!f) return std::make_shared<Trap>(TrapKind::HostTrap, "call of a null function");
  // Wasm-to-wasm calls never grow the native stack; only re-entry from a host function does,
  // so only a nested invoke pays for finding the thread's stack bounds.
  if (env.reentry_depth > 0 && (env.reentry_depth >= kMaxReentryDepth || !interp::native_stack_has_room()))
    return make_trap(TrapKind::CallStackExhausted);
  if (f->is_host()) {
    if (interp::call_host_function(&env, f, cells, nullptr)) return nullptr;
    if (env.park_requested) [[unlikely]] {
      env.park_requested = false;  // no wasm of this call to park
      env.pending_trap = nullptr;
      return std::make_shared<Trap>(TrapKind::HostTrap, "a host function called by the host asked to park");
    }
    return std::exchange(env.pending_trap, nullptr);
  }
  assert(f->kind == FuncKind::Interpreted);  // no tier produces Native functions yet
  // Only the outermost call borrows the stack, and only it can be the first on a new thread:
  // a nested invoke runs inside it, on its thread.
  if (!env.stack) interp::prepare_fault_handling();
  BorrowedStack borrowed(env);
  if (!env.stack) return make_trap(TrapKind::CallStackExhausted);
  return enter_wasm<false>(env, f, cells, nullptr);
}

ParkOutcome invoke_parkable(ExecEnv& env, FuncInst* f, uint64_t* cells) {
  if (!f) return {std::make_shared<Trap>(TrapKind::HostTrap, "call of a null function"), nullptr};
  if (f->is_host()) return {invoke(env, f, cells), nullptr};
  if (!may_reenter(env)) return {make_trap(TrapKind::CallStackExhausted), nullptr};
  interp::prepare_fault_handling();
  ExecStack* stack = acquire_task_stack(env.stack_cells, env.max_call_depth + 2);
  if (!stack) return {make_trap(TrapKind::CallStackExhausted), nullptr};
  const StackInUse outer = StackInUse::of(env);
  stack->records[0] = CallRecord{};  // a sentinel below the first real call
  use_stack(env, stack, stack->records);
  ParkedCall* parked = nullptr;
  auto trap = enter_wasm<true>(env, f, cells, &parked);
  return finish_parkable(env, std::move(trap), parked, outer);
}

ParkOutcome resume_parked(ExecEnv& env, ParkedCall* call, std::span<const uint64_t> host_results, uint64_t* cells) {
  std::unique_ptr<ParkedCall> owned(call);
  if (!may_reenter(env)) {
    discard_parked(owned.release());
    return {make_trap(TrapKind::CallStackExhausted), nullptr};
  }
  if (env.epoch->load(std::memory_order_relaxed) >= env.deadline.load(std::memory_order_relaxed)) {
    discard_parked(owned.release());
    return {make_trap(TrapKind::Interrupt), nullptr};
  }
  if (!host_results.empty()) std::memcpy(call->host_cells, host_results.data(), host_results.size_bytes());
  interp::prepare_fault_handling();
  const StackInUse outer = StackInUse::of(env);
  use_stack(env, call->stack, call->top);
  const RunFrom from{
      call->stack->records + 1, call->top, call->instance, call->resume_ip, call->fp, call->entry, call->entry_fp};
  ParkedCall* parked = nullptr;
  auto trap = run_from<true>(env, from, cells, &parked);
  return finish_parkable(env, std::move(trap), parked, outer);
}

void discard_parked(ParkedCall* call) {
  if (!call) return;
  release_task_stack(call->stack);
  delete call;
}

bool may_park(const ExecEnv& env) { return !env.in_wasm && env.park_depth != 0 && env.park_depth == env.reentry_depth; }

void request_park(ExecEnv& env) { env.park_requested = true; }

}  // namespace stratus::exec
