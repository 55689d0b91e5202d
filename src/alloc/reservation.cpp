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

Result<Reservation> Reservation::reserve_aligned(uint64_t bytes, uint64_t alignment) {
  if (alignment <= system_page_size()) return reserve(bytes);
  // Over-reserve, then give back the unaligned head and the tail beyond `bytes`.
  auto wide = reserve(bytes + alignment);
  if (!wide) return wide.error();
  uint8_t* base = std::exchange(wide->base_, nullptr);
  const uint64_t size = std::exchange(wide->size_, 0);
  const auto address = reinterpret_cast<uintptr_t>(base);
  uint8_t* aligned = base + ((alignment - address % alignment) % alignment);
  if (aligned > base) munmap(base, static_cast<size_t>(aligned - base));
  uint8_t* end = aligned + bytes;
  if (end < base + size) munmap(end, static_cast<size_t>(base + size - end));
  return Reservation(aligned, bytes);
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
