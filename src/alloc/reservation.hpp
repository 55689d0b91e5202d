// An owned range of address space reserved with mmap, inaccessible until committed.
#pragma once

#include <cstdint>

#include "stratus/result.hpp"

namespace stratus::alloc {

class Reservation {
 public:
  Reservation() = default;
  ~Reservation();
  Reservation(Reservation&& other) noexcept;
  Reservation& operator=(Reservation&& other) noexcept;
  Reservation(const Reservation&) = delete;
  Reservation& operator=(const Reservation&) = delete;

  // PROT_NONE and MAP_NORESERVE: costs address space only, no memory, until committed.
  static Result<Reservation> reserve(uint64_t bytes);
  // The same, starting at a multiple of `alignment` (a power of two, at least a page).
  static Result<Reservation> reserve_aligned(uint64_t bytes, uint64_t alignment);

  uint8_t* base() const { return base_; }
  uint64_t size() const { return size_; }
  // Makes [offset, offset + bytes) readable and writable. Both must be multiples of the
  // system page size and inside the reservation.
  bool commit(uint64_t offset, uint64_t bytes);

 private:
  Reservation(uint8_t* base, uint64_t size) : base_(base), size_(size) {}
  void release();
  uint8_t* base_ = nullptr;
  uint64_t size_ = 0;
};

uint64_t system_page_size();
inline uint64_t round_up(uint64_t value, uint64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

}  // namespace stratus::alloc
