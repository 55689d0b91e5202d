// wasi:io/streams' objects: byte streams in and out, over a host fd or in memory.
//
// Every method here never blocks; the blocking WIT functions (blocking-read,
// blocking-write-and-flush, ...) are these plus wait_for(readiness()), in streams_host.cpp,
// so a stream type only says what it can do now and when to ask again.
//
// Output follows the check-write contract: check_write() says how many bytes the next write
// may carry (0: wait for readiness()); a larger write fails with last-operation-failed and
// writes nothing. A stream buffers at most kOutputBudget bytes the OS has not taken yet, so
// a guest writing to a stalled pipe or socket cannot make the host hold more.
#pragma once

#include <poll.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "wasi/p2/pollable.hpp"
#include "wasi/p2/resource_table.hpp"
#include "wasi/unique_fd.hpp"

namespace stratus::wasi::p2 {

// wasi:io/streams' stream-error: `closed`, or `last-operation-failed` with what
// wasi:io/error's to-debug-string reports.
struct StreamError {
  enum class Kind { Closed, LastOperationFailed };
  Kind kind = Kind::Closed;
  std::string message;
  int host_errno = 0;  // the errno behind a failure, 0 if none

  static StreamError closed() { return {Kind::Closed, {}, 0}; }
  static StreamError failed(std::string message, int host_errno = 0) {
    return {Kind::LastOperationFailed, std::move(message), host_errno};
  }
};

// wasi:io/error's error: what a last-operation-failed (or a filesystem or socket call)
// reports, with the host errno behind it when there is one, for filesystem-error-code.
class IoError final : public HostObject {
 public:
  explicit IoError(std::string message, int host_errno = 0) : message_(std::move(message)), host_errno_(host_errno) {}
  std::string_view resource_name() const override { return "error"; }
  const std::string& message() const { return message_; }
  int host_errno() const { return host_errno_; }

 private:
  std::string message_;
  int host_errno_;
};

template <class T>
class [[nodiscard]] StreamResult {
 public:
  StreamResult(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT(google-explicit-constructor)
  StreamResult(StreamError error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  const StreamError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, StreamError> v_;
};
using StreamStatus = StreamResult<std::monostate>;

// The most one read hands back, whatever length the guest asks for: a read of u64::MAX
// allocates this much, not more.
inline constexpr uint64_t kMaxReadBytes = 64 * 1024;
// The most an output stream holds that the OS has not taken (see above); check_write never
// permits more.
inline constexpr uint64_t kOutputBudget = 64 * 1024;

class InputStream : public HostObject {
 public:
  std::string_view resource_name() const override { return "input-stream"; }
  // Up to min(len, kMaxReadBytes) bytes available now, possibly none; `closed` at the end.
  virtual StreamResult<std::vector<uint8_t>> read(uint64_t len) = 0;
  // Discards up to `len` bytes available now; by default reads them.
  virtual StreamResult<uint64_t> skip(uint64_t len);
  // When read() would return bytes, the end, or an error.
  virtual PollTarget readiness() = 0;
};

class OutputStream : public HostObject {
 public:
  std::string_view resource_name() const override { return "output-stream"; }
  // Bytes the next write may carry: 0 while earlier output is still pending.
  virtual StreamResult<uint64_t> check_write() = 0;
  virtual StreamStatus write(std::span<const uint8_t> bytes) = 0;
  // Starts flushing what was written; never blocks. check_write says 0 until it is done.
  virtual StreamStatus flush() = 0;
  // When check_write would permit a write (or report an error).
  virtual PollTarget readiness() = 0;
};

// Reads a host fd. Never blocks: poll(2) with no timeout first, so stdin on a terminal or a
// pipe is read only when it has data.
class FdInputStream final : public InputStream {
 public:
  explicit FdInputStream(int borrowed_fd) : fd_(borrowed_fd) {}
  explicit FdInputStream(UniqueFd owned) : owned_(std::move(owned)), fd_(owned_.get()) {}
  StreamResult<std::vector<uint8_t>> read(uint64_t len) override;
  PollTarget readiness() override { return FdReadiness{fd_, POLLIN}; }

 private:
  UniqueFd owned_;
  int fd_;
  bool closed_ = false;
};

// Writes a host fd: straight through while the OS takes the bytes (a blocking fd always
// does), the rest held, up to kOutputBudget, until it is writable again (a non-blocking
// socket or pipe that is full).
class FdOutputStream final : public OutputStream {
 public:
  explicit FdOutputStream(int borrowed_fd) : fd_(borrowed_fd) {}
  explicit FdOutputStream(UniqueFd owned) : owned_(std::move(owned)), fd_(owned_.get()) {}
  StreamResult<uint64_t> check_write() override;
  StreamStatus write(std::span<const uint8_t> bytes) override;
  StreamStatus flush() override;
  PollTarget readiness() override;

 private:
  // Hands pending_ to the OS until it is empty or the fd would block; records a failure.
  void drain();
  std::optional<StreamStatus> take_failure();

  UniqueFd owned_;
  int fd_;
  std::vector<uint8_t> pending_;
  std::optional<StreamError> failure_;  // reported by the next call, then the stream is closed
  bool closed_ = false;
};

// A fixed sequence of bytes, then the end (an empty one: an absent stdin).
class MemoryInputStream final : public InputStream {
 public:
  explicit MemoryInputStream(std::vector<uint8_t> bytes = {}) : bytes_(std::move(bytes)) {}
  StreamResult<std::vector<uint8_t>> read(uint64_t len) override;
  PollTarget readiness() override { return ReadyNow{}; }

 private:
  std::vector<uint8_t> bytes_;
  size_t offset_ = 0;
};

// Collects what is written, up to `capacity` bytes (then last-operation-failed); an
// embedder's captured stdout, or a sink (capacity unlimited, nothing kept) for a discarded one.
class MemoryOutputStream final : public OutputStream {
 public:
  struct Sink {
    std::vector<uint8_t> bytes;
    uint64_t capacity = UINT64_MAX;
    bool keep = true;
  };
  explicit MemoryOutputStream(std::shared_ptr<Sink> sink) : sink_(std::move(sink)) {}
  StreamResult<uint64_t> check_write() override;
  StreamStatus write(std::span<const uint8_t> bytes) override;
  StreamStatus flush() override { return std::monostate{}; }
  PollTarget readiness() override { return ReadyNow{}; }

 private:
  std::shared_ptr<Sink> sink_;
  uint64_t written_ = 0;
};

// The message of a write past what check_write permitted.
std::string write_exceeds_permit(uint64_t size, uint64_t permitted);

}  // namespace stratus::wasi::p2
