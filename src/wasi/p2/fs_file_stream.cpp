#include "wasi/p2/fs_file_stream.hpp"

#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>

#include "wasi/p2/fs_descriptor.hpp"

namespace stratus::wasi::p2 {
namespace {

// pread/pwrite take a signed offset; positions past it cannot be reached.
bool offset_fits(uint64_t position, uint64_t length) {
  return position <= INT64_MAX && length <= INT64_MAX - position;
}

}  // namespace

FsOr<FileChunk> FileInputStream::read(uint64_t length) {
  FileChunk chunk;
  const uint64_t want = std::min(length, Descriptor::kMaxReadChunk);
  if (want == 0) return chunk;
  if (!offset_fits(position_, want)) return FsErrorCode::Overflow;
  chunk.bytes.resize(want);
  ssize_t n;
  do {
    n = pread(fd_->get(), chunk.bytes.data(), want, static_cast<off_t>(position_));
  } while (n < 0 && errno == EINTR);
  if (n < 0) return last_fs_error();
  chunk.bytes.resize(static_cast<size_t>(n));
  chunk.end_of_file = n == 0;
  position_ += static_cast<uint64_t>(n);
  return chunk;
}

FsOr<uint64_t> FileInputStream::skip(uint64_t length) {
  struct stat st{};
  if (fstat(fd_->get(), &st) != 0) return last_fs_error();
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  const uint64_t skipped = position_ >= size ? 0 : std::min(length, size - position_);
  position_ += skipped;
  return skipped;
}

FsOr<Unit> FileOutputStream::write(std::span<const uint8_t> bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    iovec iov{const_cast<uint8_t*>(bytes.data() + done), bytes.size() - done};
    ssize_t n;
    if (append_) {
      // RWF_APPEND appends atomically whatever the descriptor's own flags.
      n = pwritev2(fd_->get(), &iov, 1, -1, RWF_APPEND);
    } else {
      if (!offset_fits(position_, iov.iov_len)) return FsErrorCode::FileTooLarge;
      n = pwritev2(fd_->get(), &iov, 1, static_cast<off_t>(position_), 0);
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      return last_fs_error();
    }
    done += static_cast<size_t>(n);
    if (!append_) position_ += static_cast<uint64_t>(n);
  }
  return Unit{};
}

FsOr<Unit> FileOutputStream::write_zeroes(uint64_t length) {
  static constexpr uint8_t kZeroes[4096] = {};
  while (length > 0) {
    const uint64_t n = std::min<uint64_t>(length, sizeof kZeroes);
    auto written = write({kZeroes, static_cast<size_t>(n)});
    if (!written) return written;
    length -= n;
  }
  return Unit{};
}

}  // namespace stratus::wasi::p2
