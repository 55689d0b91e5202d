#include "wasi/p2/streams.hpp"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace stratus::wasi::p2 {

std::string write_exceeds_permit(uint64_t size, uint64_t permitted) {
  return "a write of " + std::to_string(size) + " bytes exceeds the " + std::to_string(permitted) +
         " bytes check-write permits; call check-write (or wait on subscribe) first";
}

StreamResult<uint64_t> InputStream::skip(uint64_t len) {
  auto bytes = read(len);
  if (!bytes) return bytes.error();
  return static_cast<uint64_t>(bytes->size());
}

StreamResult<std::vector<uint8_t>> FdInputStream::read(uint64_t len) {
  if (closed_) return StreamError::closed();
  std::vector<uint8_t> out;
  if (len == 0) return out;
  pollfd p{fd_, POLLIN, 0};
  int rc;
  while ((rc = ::poll(&p, 1, 0)) < 0 && errno == EINTR) {
  }
  if (rc == 0) return out;  // nothing yet
  out.resize(static_cast<size_t>(std::min(len, kMaxReadBytes)));
  ssize_t n;
  while ((n = ::read(fd_, out.data(), out.size())) < 0 && errno == EINTR) {
  }
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return std::vector<uint8_t>{};
    const int e = errno;
    closed_ = true;
    return StreamError::failed(std::string("read: ") + std::strerror(e), e);
  }
  if (n == 0) {
    closed_ = true;
    return StreamError::closed();
  }
  out.resize(static_cast<size_t>(n));
  return out;
}

void FdOutputStream::drain() {
  size_t done = 0;
  while (done < pending_.size()) {
    ssize_t n = ::write(fd_, pending_.data() + done, pending_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      const int e = errno;
      failure_ = e == EPIPE ? StreamError::closed() : StreamError::failed(std::string("write: ") + std::strerror(e), e);
      pending_.clear();
      return;
    }
    done += static_cast<size_t>(n);
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(done));
}

std::optional<StreamStatus> FdOutputStream::take_failure() {
  if (closed_) return StreamStatus(StreamError::closed());
  if (!failure_) return std::nullopt;
  StreamError e = std::move(*failure_);
  failure_.reset();
  closed_ = true;  // a failed stream is done: later calls say closed
  return StreamStatus(std::move(e));
}

StreamResult<uint64_t> FdOutputStream::check_write() {
  if (!pending_.empty()) drain();
  if (auto f = take_failure()) return f->error();
  return pending_.empty() ? kOutputBudget : 0;
}

StreamStatus FdOutputStream::write(std::span<const uint8_t> bytes) {
  if (auto f = take_failure()) return *f;
  const uint64_t permitted = pending_.empty() ? kOutputBudget : 0;
  if (bytes.size() > permitted) return StreamError::failed(write_exceeds_permit(bytes.size(), permitted));
  pending_.assign(bytes.begin(), bytes.end());
  drain();
  return std::monostate{};  // a failure while draining is the next call's to report
}

StreamStatus FdOutputStream::flush() {
  if (!pending_.empty()) drain();
  if (auto f = take_failure()) return *f;
  return std::monostate{};
}

PollTarget FdOutputStream::readiness() {
  if (closed_ || failure_ || pending_.empty()) return ReadyNow{};
  return FdReadiness{fd_, POLLOUT};
}

StreamResult<std::vector<uint8_t>> MemoryInputStream::read(uint64_t len) {
  if (offset_ >= bytes_.size()) return StreamError::closed();
  const size_t n = static_cast<size_t>(std::min<uint64_t>({len, kMaxReadBytes, bytes_.size() - offset_}));
  std::vector<uint8_t> out(bytes_.begin() + static_cast<std::ptrdiff_t>(offset_),
                           bytes_.begin() + static_cast<std::ptrdiff_t>(offset_ + n));
  offset_ += n;
  return out;
}

StreamResult<uint64_t> MemoryOutputStream::check_write() {
  if (written_ >= sink_->capacity)
    return StreamError::failed("the output's capacity of " + std::to_string(sink_->capacity) + " bytes is used up");
  return std::min(kOutputBudget, sink_->capacity - written_);
}

StreamStatus MemoryOutputStream::write(std::span<const uint8_t> bytes) {
  auto permitted = check_write();
  if (!permitted) return permitted.error();
  if (bytes.size() > *permitted) return StreamError::failed(write_exceeds_permit(bytes.size(), *permitted));
  if (sink_->keep) sink_->bytes.insert(sink_->bytes.end(), bytes.begin(), bytes.end());
  written_ += bytes.size();
  return std::monostate{};
}

}  // namespace stratus::wasi::p2
