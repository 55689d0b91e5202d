// The value stack and call records an ExecEnv runs on. A Store borrows one only for the
// duration of its outermost call, so an idle Store (a pooled instance waiting for its next
// request) holds no stack at all, and a thread keeps the last one it used for the next call:
// creating a Store costs no allocation and a call costs no mmap.
#pragma once

#include <cstddef>
#include <cstdint>

namespace stratus::exec {

struct CallRecord;

struct ExecStack {
  uint64_t* cells = nullptr;
  size_t cell_count = 0;
  CallRecord* records = nullptr;
  uint32_t record_count = 0;
  void* mapping = nullptr;
  size_t mapping_bytes = 0;
  // A call ran out of it: its pages may all be resident, so they go back to the OS on
  // release instead of staying with the thread.
  bool exhausted = false;
};

// This thread's spare, kept by release_exec_stack for the next call. Constant-initialized, so
// the common acquire and release are a thread-pointer-relative load and store each.
extern constinit thread_local ExecStack* tl_spare_exec_stack;
// Whether the thread's exit will unmap the spare (registered on the first release).
extern constinit thread_local bool tl_spare_exec_stack_reaped;

ExecStack* acquire_new_exec_stack(size_t cell_count, uint32_t record_count);
void release_exec_stack_slowly(ExecStack* stack);

// Null when the address space says no. Pages are committed lazily by the OS, so an
// untouched stack costs address space only.
inline ExecStack* acquire_exec_stack(size_t cell_count, uint32_t record_count) {
  ExecStack* s = tl_spare_exec_stack;
  if (s && s->cell_count == cell_count && s->record_count == record_count) [[likely]] {
    tl_spare_exec_stack = nullptr;
    return s;
  }
  return acquire_new_exec_stack(cell_count, record_count);
}

// Keeps it for this thread's next call (emptied first if `exhausted`), or unmaps it.
inline void release_exec_stack(ExecStack* stack) {
  if (stack && !stack->exhausted && !tl_spare_exec_stack && tl_spare_exec_stack_reaped) [[likely]] {
    tl_spare_exec_stack = stack;
    return;
  }
  release_exec_stack_slowly(stack);
}

// Stacks for parkable calls (exec/invoke.hpp's invoke_parkable), each a task's while it is
// parked: many live at once, so a thread keeps up to kKeptTaskStacks of those that finished
// beside its spare, and a task that comes after one that went costs no mmap, page faults or
// munmap. A kept stack holds the pages its last call touched.
inline constexpr size_t kKeptTaskStacks = 32;
ExecStack* acquire_task_stack(size_t cell_count, uint32_t record_count);
void release_task_stack(ExecStack* stack);

}  // namespace stratus::exec
