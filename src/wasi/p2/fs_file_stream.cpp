#include "wasi/p2/fs_file_stream.hpp"

#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace stratus::wasi::p2 {
namespace {

// pread/pwrite take a signed offset; positions past it cannot be reached.
bool offset_fits(uint64_t position, uint64_t length) {
  return position <= INT64_MAX && length <= INT64_MAX - position;
}

StreamError failure(const char* what) {
  const int e = errno;
  return StreamError::failed(std::string(what) + ": " + std::strerror(e), e);
}

}  // namespace

StreamResult<std::vector<uint8_t>> FileInputStream::read(uint64_t len) {
  std::vector<uint8_t> bytes;
  const uint64_t want = std::min(len, kMaxReadBytes);
  if (want == 0) return bytes;
  if (!offset_fits(position_, want)) return StreamError::closed();  // nothing can lie beyond
  bytes.resize(want);
  ssize_t n;
  do {
    n = pread(fd_->get(), bytes.data(), want, static_cast<off_t>(position_));
  } while (n < 0 && errno == EINTR);
  if (n < 0) return failure("reading the file");
  if (n == 0) return StreamError::closed();
  bytes.resize(static_cast<size_t>(n));
  position_ += static_cast<uint64_t>(n);
  return bytes;
}

StreamResult<uint64_t> FileInputStream::skip(uint64_t len) {
  struct stat st{};
  if (fstat(fd_->get(), &st) != 0) return failure("reading the file");
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  if (len > 0 && position_ >= size) return StreamError::closed();
  const uint64_t skipped = std::min(len, size - std::min(size, position_));
  position_ += skipped;
  return skipped;
}

StreamResult<uint64_t> FileOutputStream::check_write() {
  if (failed_) return StreamError::closed();
  return kOutputBudget;
}

StreamStatus FileOutputStream::write(std::span<const uint8_t> bytes) {
  if (failed_) return StreamError::closed();
  if (bytes.size() > kOutputBudget) return StreamError::failed(write_exceeds_permit(bytes.size(), kOutputBudget));
  size_t done = 0;
  while (done < bytes.size()) {
    iovec iov{const_cast<uint8_t*>(bytes.data() + done), bytes.size() - done};
    ssize_t n;
    if (append_) {
      // RWF_APPEND appends atomically, whatever the descriptor's own flags.
      n = pwritev2(fd_->get(), &iov, 1, -1, RWF_APPEND);
    } else {
      if (!offset_fits(position_, iov.iov_len)) {
        errno = EFBIG;
        n = -1;
      } else {
        n = pwritev2(fd_->get(), &iov, 1, static_cast<off_t>(position_), 0);
      }
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      failed_ = true;
      return failure("writing the file");
    }
    done += static_cast<size_t>(n);
    if (!append_) position_ += static_cast<uint64_t>(n);
  }
  return std::monostate{};
}

StreamStatus FileOutputStream::flush() {
  if (failed_) return StreamError::closed();
  return std::monostate{};
}

}  // namespace stratus::wasi::p2
