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

const Slot* exit_code() {
  static const Slot code[1] = {reinterpret_cast<uintptr_t>(special_handlers().exit)};
  return code;
}

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

// The outermost invoke borrows the value stack and call records for its duration.
class BorrowedStack {
 public:
  explicit BorrowedStack(ExecEnv& env) : env_(env) {
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
    release_exec_stack(env_.stack);
    env_.stack = nullptr;
    env_.top = env_.records_limit = nullptr;
    env_.free_cells = env_.stack_limit = nullptr;
  }
  BorrowedStack(const BorrowedStack&) = delete;
  BorrowedStack& operator=(const BorrowedStack&) = delete;

 private:
  ExecEnv& env_;
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

}  // namespace


std::unique_ptr<ExecEnv, void (*)(ExecEnv*)> make_exec_env(void* host_data, size_t stack_bytes, uint32_t max_call_depth) {
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
    return std::exchange(env.pending_trap, nullptr);
  }
  assert(f->kind == FuncKind::Interpreted);  // no tier produces Native functions yet

  if (!env.stack) {
    // Only the outermost call borrows the stack, and only it can be the first on a new
    // thread: a nested invoke runs inside it, on its thread.
    interp::prepare_fault_handling();
    BorrowedStack borrowed(env);
    if (!env.stack) return make_trap(TrapKind::CallStackExhausted);
    return invoke(env, f, cells);
  }
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

  std::memcpy(fp, cells, size_t{code->param_cells} * sizeof(uint64_t));
  std::memset(fp + code->param_cells, 0, size_t{code->local_cells} * sizeof(uint64_t));
  *entry = CallRecord{exit_code(), nullptr, code, nullptr};

  const SavedEnv saved{env.top,        env.instance,   env.globals, env.memory,
                       env.free_cells, env.fault_jump, env.in_wasm, interp::active_env()};
  sigjmp_buf recovery;
  env.top = entry;
  enter_instance(&env, f->instance);
  env.in_wasm = true;
  env.fault_jump = &recovery;
  ++env.reentry_depth;
  interp::set_active_env(&env);

  Status status;
  if (sigsetjmp(recovery, 0) == 0) {
    uint8_t* mem = env.memory ? env.memory->base : nullptr;
    status = reinterpret_cast<Handler>(code->code[0])(code->code, fp, mem, &env);
  } else {
    // A guard-page fault in a load or store; the record stack still shows where, and the
    // handler's ip register (if it points into the running function) which instruction.
    const CompiledFunc* running = env.top->callee;
    const Slot* ip = env.fault_ip;
    env.fault_ip = nullptr;
    const auto at = reinterpret_cast<uintptr_t>(ip);
    const auto code = reinterpret_cast<uintptr_t>(running ? running->code : nullptr);
    const bool inside = code && at >= code && at < code + uint64_t{running->code_slots} * sizeof(Slot);
    env.trap_kind = TrapKind::OutOfBoundsMemoryAccess;
    env.trap_ip = inside ? ip : nullptr;
    status = 1;
  }

  std::shared_ptr<const Trap> trap;
  if (status == 0) std::memcpy(cells, fp, size_t{code->result_cells} * sizeof(uint64_t));
  else trap = trap_from_env(env, entry);

  interp::set_active_env(saved.active);
  --env.reentry_depth;
  env.top = saved.top;
  env.instance = saved.instance;
  env.globals = saved.globals;
  env.memory = saved.memory;
  env.table0 = saved.instance && !saved.instance->tables.empty() ? saved.instance->tables[0] : nullptr;
  env.free_cells = saved.free_cells;
  env.fault_jump = saved.fault_jump;
  env.in_wasm = saved.in_wasm;
  return trap;
}

}  // namespace stratus::exec
