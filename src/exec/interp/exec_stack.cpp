#include "exec/interp/exec_stack.hpp"

#include <sys/mman.h>

#include "exec/interp/exec_env.hpp"

namespace stratus::exec {

namespace {

void unmap(ExecStack* stack) {
  munmap(stack->mapping, stack->mapping_bytes);
  delete stack;
}

// Set once the thread's exit has unmapped its spare: a call made later in the thread's
// teardown (another thread_local's destructor) unmaps its stack on release instead.
constinit thread_local bool tl_spare_reaped_for_good = false;

// The task stacks a thread keeps (acquire_task_stack).
struct KeptTaskStacks {
  ExecStack* stacks[kKeptTaskStacks] = {};
  size_t count = 0;
};
constinit thread_local KeptTaskStacks tl_kept_task_stacks;

// Unmaps the thread's spare and kept task stacks when the thread ends; touched once per
// thread, by the first release, which is what registers its destructor.
struct SpareReaper {
  ~SpareReaper() {
    if (tl_spare_exec_stack) unmap(tl_spare_exec_stack);
    tl_spare_exec_stack = nullptr;
    tl_spare_exec_stack_reaped = false;
    tl_spare_reaped_for_good = true;
    KeptTaskStacks& kept = tl_kept_task_stacks;
    while (kept.count > 0) unmap(kept.stacks[--kept.count]);
  }
};

}  // namespace

// One spare stack per thread. Cells left by an earlier call are never read before being
// written: validated code defines every operand cell before use and calls zero their locals.
constinit thread_local ExecStack* tl_spare_exec_stack = nullptr;
constinit thread_local bool tl_spare_exec_stack_reaped = false;

ExecStack* acquire_new_exec_stack(size_t cell_count, uint32_t record_count) {
  const size_t cell_bytes = cell_count * sizeof(uint64_t);
  const size_t bytes = cell_bytes + size_t{record_count} * sizeof(CallRecord);
  void* mapping = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (mapping == MAP_FAILED) return nullptr;
  auto* stack = new ExecStack;
  stack->cells = static_cast<uint64_t*>(mapping);
  stack->cell_count = cell_count;
  stack->records = reinterpret_cast<CallRecord*>(static_cast<char*>(mapping) + cell_bytes);
  stack->record_count = record_count;
  stack->mapping = mapping;
  stack->mapping_bytes = bytes;
  return stack;
}

void release_exec_stack_slowly(ExecStack* stack) {
  if (!stack) return;
  if (tl_spare_reaped_for_good) {
    unmap(stack);
    return;
  }
  if (!tl_spare_exec_stack_reaped) {
    thread_local SpareReaper reaper;
    (void)reaper;
    tl_spare_exec_stack_reaped = true;
  }
  if (stack->exhausted) {
    madvise(stack->mapping, stack->mapping_bytes, MADV_DONTNEED);  // zero pages again, as fresh
    stack->exhausted = false;
  }
  if (tl_spare_exec_stack) unmap(tl_spare_exec_stack);
  tl_spare_exec_stack = stack;
}

ExecStack* acquire_task_stack(size_t cell_count, uint32_t record_count) {
  KeptTaskStacks& kept = tl_kept_task_stacks;
  while (kept.count > 0) {
    ExecStack* s = kept.stacks[--kept.count];
    if (s->cell_count == cell_count && s->record_count == record_count) return s;
    unmap(s);  // another engine's sizes: not worth keeping beside this one's
  }
  return acquire_exec_stack(cell_count, record_count);
}

void release_task_stack(ExecStack* stack) {
  if (!stack) return;
  KeptTaskStacks& kept = tl_kept_task_stacks;
  // Kept only once the spare is taken (so the next plain call needs no mmap either) and while
  // the thread's reaper will unmap what is kept.
  const bool keep = tl_spare_exec_stack && tl_spare_exec_stack_reaped && !tl_spare_reaped_for_good &&
                    !stack->exhausted && kept.count < kKeptTaskStacks;
  if (!keep) return release_exec_stack(stack);
  kept.stacks[kept.count++] = stack;
}

}  // namespace stratus::exec
