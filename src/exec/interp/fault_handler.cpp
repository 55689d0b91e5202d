#include "exec/interp/fault_handler.hpp"

#include <pthread.h>
#include <signal.h>
#include <ucontext.h>

#include <cstdlib>
#include <mutex>

namespace stratus::exec::interp {

constinit thread_local ExecEnv* tl_active_env = nullptr;
constinit thread_local bool tl_fault_handling_ready = false;

namespace {

struct sigaction previous_segv;
struct sigaction previous_bus;

// Hands a fault that is not ours to whoever handled it before us, or to the default action.
void chain(int sig, siginfo_t* info, void* context) {
  const struct sigaction& prev = sig == SIGSEGV ? previous_segv : previous_bus;
  if (prev.sa_flags & SA_SIGINFO) {
    if (prev.sa_sigaction) {
      prev.sa_sigaction(sig, info, context);
      return;
    }
  } else if (prev.sa_handler != SIG_DFL && prev.sa_handler != SIG_IGN) {
    prev.sa_handler(sig);
    return;
  }
  // Default action: reinstall it and return, so the faulting instruction faults again fatally.
  signal(sig, SIG_DFL);
}

// The instruction pointer of the interpreter at the fault: handlers keep it in the first
// preserve_none argument register (r12 on x86-64). invoke() only believes it if it points into
// the running function's code; elsewhere the backtrace keeps offset 0.
const Slot* faulting_ip(void* context) {
#if defined(__x86_64__) && defined(__linux__)
  const auto* uc = static_cast<const ucontext_t*>(context);
  return reinterpret_cast<const Slot*>(static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_R12]));
#else
  (void)context;
  return nullptr;
#endif
}

// Async-signal-safe by construction: it reads a constant-initialized thread_local and plain
// fields of the env and its memory (reserved() only returns a stored size), takes no lock,
// allocates nothing, and leaves by siglongjmp to the recovery point of the innermost invoke
// (exec/interp/invoke.cpp, run_guarded). The jump is only taken while that invoke's wasm runs
// (in_wasm, fault_jump armed), so the frames it discards are handlers and the helpers they
// call, none of which holds an object with a destructor or a lock across a wasm memory access.
// in_wasm, fault_jump and memory are plain fields, not lock-free atomics, so the C++ memory
// model gives the handler no guarantee about them; what holds in practice is that the thread
// stores each before an opaque call (sigsetjmp, a tail call into the handler chain, a host
// function) that the compiler cannot move the store past.
void on_fault(int sig, siginfo_t* info, void* context) {
  ExecEnv* env = tl_active_env;
  if (env && env->in_wasm && env->fault_jump && env->memory && env->memory->backing) {
    const auto* addr = static_cast<const uint8_t*>(info->si_addr);
    const uint8_t* base = env->memory->base;
    const uint64_t reserved = env->memory->backing->reserved();
    if (addr >= base && static_cast<uint64_t>(addr - base) < reserved) {
      env->fault_ip = faulting_ip(context);
      siglongjmp(*env->fault_jump, 1);
    }
  }
  chain(sig, info, context);
}

// The alternate stack lets the handler run even when the fault is a native stack overflow.
struct AltStack {
  void* memory = nullptr;
  AltStack() {
    stack_t current{};
    if (sigaltstack(nullptr, &current) == 0 && !(current.ss_flags & SS_DISABLE)) return;  // someone set one
    const size_t size = 64 * 1024;
    memory = std::malloc(size);
    if (!memory) return;
    stack_t ss{};
    ss.ss_sp = memory;
    ss.ss_size = size;
    ss.ss_flags = 0;
    if (sigaltstack(&ss, nullptr) != 0) {
      std::free(memory);
      memory = nullptr;
    }
  }
  ~AltStack() {
    if (!memory) return;
    stack_t ss{};
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, nullptr);
    std::free(memory);
  }
};

struct NativeStack {
  uintptr_t low = 0;  // lowest usable address; 0 if unknown
  NativeStack() {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
    void* addr = nullptr;
    size_t size = 0;
    if (pthread_attr_getstack(&attr, &addr, &size) == 0) low = reinterpret_cast<uintptr_t>(addr);
    pthread_attr_destroy(&attr);
  }
};

}  // namespace

void prepare_fault_handling_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction sa{};
    sa.sa_sigaction = &on_fault;
    // No signal is added to the mask while the handler runs (empty sa_mask, SA_NODEFER), so
    // the mask at the recovery point is the interrupted code's: invoke's sigsetjmp(buf, 0)
    // need not save it, nor siglongjmp restore it.
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigaction(SIGSEGV, &sa, &previous_segv);
    sigaction(SIGBUS, &sa, &previous_bus);
  });
  thread_local AltStack alt_stack;
  (void)alt_stack;
  tl_fault_handling_ready = true;
}

bool native_stack_has_room() {
  thread_local NativeStack stack;
  if (stack.low == 0) return true;
  const auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  constexpr uintptr_t kReserve = 48 * 1024;  // what one nested invoke plus a modest host function needs
  return here > stack.low + kReserve;
}

}  // namespace stratus::exec::interp
