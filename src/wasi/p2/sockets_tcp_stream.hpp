// The input and output streams of a connected TCP socket, over its nonblocking descriptor.
// Reads never wait (no data yet is an empty read); writes are accepted up to check_write's
// permit and sent as the socket drains, so the host holds at most kWriteBudget bytes a stream.
#pragma once

#include <poll.h>

#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "stratus/result.hpp"
#include "wasi/p2/sockets_error.hpp"
#include "wasi/unique_fd.hpp"

namespace stratus::wasi::p2 {

// wasi:io/streams.stream-error: closed, or last-operation-failed with the socket's code.
struct StreamFailure {
  bool closed = false;
  NetErrorCode code = NetErrorCode::Unknown;  // when !closed
};

template <class T>
using StreamOr = CodeOr<T, StreamFailure>;

class TcpInputStream {
 public:
  explicit TcpInputStream(std::shared_ptr<UniqueFd> fd) : fd_(std::move(fd)) {}
  // Up to min(length, kMaxReadChunk) bytes that have arrived; closed once the peer is done.
  StreamOr<std::vector<uint8_t>> read(uint64_t length);
  SocketReadiness subscribe() const { return {fd_->get(), POLLIN}; }

  static constexpr uint64_t kMaxReadChunk = 64 * 1024;

 private:
  std::shared_ptr<UniqueFd> fd_;
  bool closed_ = false;
};

class TcpOutputStream {
 public:
  explicit TcpOutputStream(std::shared_ptr<UniqueFd> fd) : fd_(std::move(fd)) {}
  // How many bytes write() may take now: 0 while earlier bytes are still waiting for room.
  StreamOr<uint64_t> check_write();
  // A write beyond the last check_write's permit is the guest breaking the contract: a trap
  // (the outer Error, which the binding raises), as the WIT says.
  Result<StreamOr<Unit>> write(std::span<const uint8_t> bytes);
  // Sends what it can of the waiting bytes without blocking; pending() says what is left.
  StreamOr<Unit> flush();
  size_t pending() const { return pending_.size(); }
  SocketReadiness subscribe() const { return {fd_->get(), POLLOUT}; }

  static constexpr uint64_t kWriteBudget = 64 * 1024;

 private:
  std::shared_ptr<UniqueFd> fd_;
  std::vector<uint8_t> pending_;
  uint64_t permit_ = 0;
  std::optional<StreamFailure> failed_;
};

}  // namespace stratus::wasi::p2
