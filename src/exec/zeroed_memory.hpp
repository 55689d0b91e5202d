// Zero-filled blocks whose untouched pages cost nothing: a large one is its own anonymous
// mapping, so an array of a million records that a module mostly never uses stays unbacked
// until an entry is written. What lazily made records (CompiledFunc, FuncInst) live in.
#pragma once

#include <cstddef>
#include <utility>

namespace stratus::exec {

// Throws std::bad_alloc. Blocks of at least kMappedBytes are mapped, smaller ones calloc'ed.
void* allocate_zeroed(size_t bytes);
void free_zeroed(void* block, size_t bytes);
inline constexpr size_t kMappedBytes = size_t{64} << 10;

// Owns one allocate_zeroed block.
class ZeroedBlock {
 public:
  explicit ZeroedBlock(size_t bytes) : block_(allocate_zeroed(bytes)), bytes_(bytes) {}
  ZeroedBlock(ZeroedBlock&& other) noexcept
      : block_(std::exchange(other.block_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}
  ZeroedBlock& operator=(ZeroedBlock&& other) noexcept {
    std::swap(block_, other.block_);
    std::swap(bytes_, other.bytes_);
    return *this;
  }
  ~ZeroedBlock() { free_zeroed(block_, bytes_); }
  void* get() const { return block_; }

 private:
  void* block_;
  size_t bytes_;
};

}  // namespace stratus::exec
