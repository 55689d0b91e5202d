#include "exec/interp/exec_stack.hpp"

#include <sys/mman.h>

#include "exec/interp/exec_env.hpp"

namespace stratus::exec {

namespace {

void unmap(ExecStack* stack) {
  munmap(stack->mapping, stack->mapping_bytes);
  delete stack;
}

// One spare stack per thread. Cells left by an earlier call are never read before being
// written: validated code defines every operand cell before use and calls zero their locals.
struct ThreadStackCache {
  ExecStack* spare = nullptr;
  ~ThreadStackCache() {
    if (spare) unmap(spare);
  }
};
thread_local ThreadStackCache cache;

}  // namespace

ExecStack* acquire_exec_stack(size_t cell_count, uint32_t record_count) {
  if (ExecStack* s = cache.spare; s && s->cell_count == cell_count && s->record_count == record_count) {
    cache.spare = nullptr;
    return s;
  }
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

void release_exec_stack(ExecStack* stack) {
  if (!stack) return;
  if (stack->exhausted) {
    madvise(stack->mapping, stack->mapping_bytes, MADV_DONTNEED);  // zero pages again, as fresh
    stack->exhausted = false;
  }
  if (cache.spare) unmap(cache.spare);
  cache.spare = stack;
}

}  // namespace stratus::exec
