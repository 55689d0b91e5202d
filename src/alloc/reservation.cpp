#include "alloc/reservation.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace stratus::alloc {

uint64_t system_page_size() {
  static const uint64_t size = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  return size;
}

Result<Reservation> Reservation::reserve(uint64_t bytes) {
  if (bytes == 0) bytes = system_page_size();
  void* p = mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    const int err = errno;
    return Error(ErrorKind::Resource, "cannot reserve " + std::to_string(bytes) +
                                          " bytes of address space for a linear memory: " + std::strerror(err) +
                                          " (a lower RLIMIT_AS or vm.max_map_count can cause this; "
                                          "BoundsChecks::Explicit needs far less address space)");
  }
  return Reservation(static_cast<uint8_t*>(p), bytes);
}

Reservation::~Reservation() { release(); }

Reservation::Reservation(Reservation&& other) noexcept
    : base_(std::exchange(other.base_, nullptr)), size_(std::exchange(other.size_, 0)) {}

Reservation& Reservation::operator=(Reservation&& other) noexcept {
  if (this != &other) {
    release();
    base_ = std::exchange(other.base_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

void Reservation::release() {
  if (base_) munmap(base_, size_);
  base_ = nullptr;
  size_ = 0;
}

bool Reservation::commit(uint64_t offset, uint64_t bytes) {
  if (bytes == 0) return true;
  if (offset > size_ || bytes > size_ - offset) return false;
  return mprotect(base_ + offset, bytes, PROT_READ | PROT_WRITE) == 0;
}

}  // namespace stratus::alloc
