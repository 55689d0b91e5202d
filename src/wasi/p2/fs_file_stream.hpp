// What read-via-stream, write-via-stream and append-via-stream hand out: a position in a
// file, read and written with pread/pwrite so streams never disturb each other. A file is
// always ready, so these carry no pollable; wasi:io's stream resources wrap them.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "wasi/p2/fs_error.hpp"
#include "wasi/unique_fd.hpp"

namespace stratus::wasi::p2 {

struct FileChunk {
  std::vector<uint8_t> bytes;
  bool end_of_file = false;  // nothing was left: the stream is closed
};

class FileInputStream {
 public:
  FileInputStream(std::shared_ptr<UniqueFd> fd, uint64_t position) : fd_(std::move(fd)), position_(position) {}
  // Up to min(length, Descriptor::kMaxReadChunk) bytes; a zero-length request reads nothing.
  FsOr<FileChunk> read(uint64_t length);
  // Skips up to `length` bytes without reading them; the number skipped (0 at the end).
  FsOr<uint64_t> skip(uint64_t length);
  uint64_t position() const { return position_; }

 private:
  std::shared_ptr<UniqueFd> fd_;
  uint64_t position_;
};

class FileOutputStream {
 public:
  FileOutputStream(std::shared_ptr<UniqueFd> fd, uint64_t position, bool append)
      : fd_(std::move(fd)), position_(position), append_(append) {}
  // Writes all of `bytes` (at the end of the file when appending).
  FsOr<Unit> write(std::span<const uint8_t> bytes);
  // Writes `length` zero bytes.
  FsOr<Unit> write_zeroes(uint64_t length);
  // Data written is in the kernel already; flushing to the device is sync's job.
  FsOr<Unit> flush() { return Unit{}; }
  uint64_t position() const { return position_; }

 private:
  std::shared_ptr<UniqueFd> fd_;
  uint64_t position_;
  bool append_;
};

}  // namespace stratus::wasi::p2
