#include "wasi/p2/sockets_tcp_stream.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <string>

namespace stratus::wasi::p2 {

StreamOr<std::vector<uint8_t>> TcpInputStream::read(uint64_t length) {
  if (closed_) return StreamFailure{true};
  std::vector<uint8_t> bytes(std::min(length, kMaxReadChunk));
  if (bytes.empty()) return bytes;
  ssize_t n;
  do {
    n = recv(fd_->get(), bytes.data(), bytes.size(), MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return std::vector<uint8_t>{};
    closed_ = true;
    return StreamFailure{false, last_net_error()};
  }
  if (n == 0) {
    closed_ = true;
    return StreamFailure{true};
  }
  bytes.resize(static_cast<size_t>(n));
  return bytes;
}

StreamOr<Unit> TcpOutputStream::flush() {
  if (failed_) return *failed_;
  size_t sent = 0;
  while (sent < pending_.size()) {
    const ssize_t n = send(fd_->get(), pending_.data() + sent, pending_.size() - sent, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      failed_ = StreamFailure{false, last_net_error()};
      pending_.clear();
      return *failed_;
    }
    sent += static_cast<size_t>(n);
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(sent));
  return Unit{};
}

StreamOr<uint64_t> TcpOutputStream::check_write() {
  if (auto f = flush(); !f) return f.error();
  if (!pending_.empty()) {
    permit_ = 0;
  } else {
    pollfd p{fd_->get(), POLLOUT, 0};
    const int n = poll(&p, 1, 0);
    permit_ = n > 0 && (p.revents & POLLOUT) ? kWriteBudget : 0;
    if (n > 0 && (p.revents & (POLLERR | POLLHUP)) && !(p.revents & POLLOUT)) return StreamFailure{true};
  }
  return permit_;
}

Result<StreamOr<Unit>> TcpOutputStream::write(std::span<const uint8_t> bytes) {
  if (failed_) return StreamOr<Unit>(*failed_);
  if (bytes.size() > permit_)
    return Error(ErrorKind::Host, "output-stream.write of " + std::to_string(bytes.size()) +
                                      " bytes exceeds the " + std::to_string(permit_) +
                                      " that check-write permitted");
  permit_ -= bytes.size();
  pending_.insert(pending_.end(), bytes.begin(), bytes.end());
  return flush();
}

}  // namespace stratus::wasi::p2
