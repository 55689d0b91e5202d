#include "exec/zeroed_memory.hpp"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace stratus::exec {

void* allocate_zeroed(size_t bytes) {
  void* p = nullptr;
  if (bytes >= kMappedBytes) {
    p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) p = nullptr;
  } else {
    p = std::calloc(bytes ? bytes : 1, 1);
  }
  if (!p) throw std::bad_alloc();
  return p;
}

void free_zeroed(void* block, size_t bytes) {
  if (!block) return;
  if (bytes >= kMappedBytes) munmap(block, bytes);
  else std::free(block);
}

}  // namespace stratus::exec
