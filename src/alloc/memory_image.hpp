// A module's initial linear memory contents, laid out once in a memfd so every new memory
// maps it privately (copy-on-write) instead of copying the data segments.
#pragma once

#include <cstdint>
#include <memory>

#include "binary/module.hpp"
#include "stratus/result.hpp"

namespace stratus::alloc {

class MemoryImage {
 public:
  // The image of memory `memory_index` of `module`, whose initial size is `initial_bytes`.
  // Null (and no error) when the segments cannot be applied ahead of time: an offset that is
  // not a constant, a segment that would trap, or no data at all. The instantiator then
  // writes the segments itself, with the spec's exact trap behaviour.
  static Result<std::shared_ptr<const MemoryImage>> build(const binary::Module& module, uint32_t memory_index,
                                                          uint64_t initial_bytes);
  ~MemoryImage();
  MemoryImage(const MemoryImage&) = delete;
  MemoryImage& operator=(const MemoryImage&) = delete;

  int fd() const { return fd_; }
  // Where the image lies in linear memory; both multiples of the system page size.
  uint64_t offset() const { return offset_; }
  uint64_t length() const { return length_; }
  uint64_t end() const { return offset_ + length_; }

  // Maps the image at `memory_base + offset()`, replacing whatever was there. The mapping
  // is private: writes stay in the memory, and madvise(MADV_DONTNEED) brings the image back.
  bool map_into(uint8_t* memory_base) const;

  // The image's bytes, read-only and shared with every mapping: a slot restores the part of
  // the image it keeps resident by copying from here.
  const uint8_t* contents() const { return contents_; }

 private:
  MemoryImage(int fd, uint64_t offset, uint64_t length) : fd_(fd), offset_(offset), length_(length) {}
  int fd_;
  uint64_t offset_;
  uint64_t length_;
  const uint8_t* contents_ = nullptr;
};

}  // namespace stratus::alloc
