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

// Null when the address space says no. Pages are committed lazily by the OS, so an
// untouched stack costs address space only.
ExecStack* acquire_exec_stack(size_t cell_count, uint32_t record_count);
// Keeps it for this thread's next call (emptied first if `exhausted`), or unmaps it.
void release_exec_stack(ExecStack* stack);

}  // namespace stratus::exec
