// The host's end of a stream or future (what StreamReader, StreamWriter, FutureReader and
// FutureWriter share): one copy at a time between a host buffer and the channel, its end told
// to the host's callback.
//
// When the host's own call completes the copy (the guest's copy was pending, the channel was
// dropped, or the host cancels), the callback runs before that call returns, as
// CanonicalABI.md's on_copy_done runs inside read/write. When a guest's built-in completes
// it (or the guest drops its end), the callback is posted to the thread's EventLoop: host code
// never runs inside a guest's built-in.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "component/async/waitables.hpp"
#include "stratus/component/val.hpp"
#include "stratus/result.hpp"

namespace stratus::component::async {

// What a host copy offers (a write's values or bytes); the channel reads it.
class HostSource final : public Buffer {
 public:
  explicit HostSource(std::vector<Val> values)
      : values_(std::move(values)), size_(static_cast<uint32_t>(values_.size())) {}
  explicit HostSource(std::vector<uint8_t> bytes)
      : bytes_(std::move(bytes)), as_bytes_(true), size_(static_cast<uint32_t>(bytes_.size())) {}
  uint32_t remain() const override { return size_ - progress_; }
  bool zero_length() const override { return size_ == 0; }
  uint32_t progress() const override { return progress_; }
  Result<std::vector<Val>> read(uint32_t n) override;
  Result<void> write(std::vector<Val> values) override;
  bool holds_bytes() const override { return as_bytes_; }
  Result<std::vector<uint8_t>> read_bytes(uint32_t n) override;

 private:
  std::vector<Val> values_;
  std::vector<uint8_t> bytes_;
  bool as_bytes_ = false;
  uint32_t size_;
  uint32_t progress_ = 0;
};

// Where a host read puts what it takes: up to `capacity` values, or bytes.
class HostSink final : public Buffer {
 public:
  HostSink(uint32_t capacity, bool as_bytes) : capacity_(capacity), as_bytes_(as_bytes) {}
  uint32_t remain() const override { return capacity_ - progress_; }
  bool zero_length() const override { return capacity_ == 0; }
  uint32_t progress() const override { return progress_; }
  Result<std::vector<Val>> read(uint32_t n) override;
  Result<void> write(std::vector<Val> values) override;
  bool holds_bytes() const override { return as_bytes_; }
  Result<void> write_bytes(std::span<const uint8_t> bytes) override;

  std::vector<Val> values;
  std::vector<uint8_t> bytes;

 private:
  uint32_t capacity_;
  bool as_bytes_;
  uint32_t progress_ = 0;
};

class HostCopyEnd : public std::enable_shared_from_this<HostCopyEnd> {
 public:
  // How the copy ended, and the buffer it used (what a read took, how much a write gave).
  using Finish = std::function<void(CopyResult, Buffer&)>;

  HostCopyEnd(std::shared_ptr<SharedChannel> shared, bool readable) : shared_(std::move(shared)), readable_(readable) {}
  // Dropping the last reference drops the end (a copy in progress is cancelled first).
  ~HostCopyEnd();
  HostCopyEnd(const HostCopyEnd&) = delete;
  HostCopyEnd& operator=(const HostCopyEnd&) = delete;

  // Starts a copy; an Argument error when one is in progress, the end was dropped, or it is
  // done (the other end was dropped, or the future's value was copied).
  Result<void> copy(std::unique_ptr<Buffer> buffer, Finish finish);
  // Ends the copy in progress: its callback runs with Cancelled before this returns, unless
  // the copy already ended and its callback is on its way.
  Result<void> cancel();
  void drop();

  const SharedChannel& shared() const { return *shared_; }
  bool readable() const { return readable_; }

 private:
  // The channel ended the copy: deliver now (inside the host's own call) or post.
  void completed(CopyResult r);
  void deliver();
  // A posted delivery the EventLoop destroyed unrun (its thread ended first) lets the host's
  // callback go: the callback may own this end (a writer kept alive by its own write's
  // callback), a cycle that nothing else would break.
  struct PostedDelivery {
    std::shared_ptr<HostCopyEnd> end;
    ~PostedDelivery();
  };

  std::shared_ptr<SharedChannel> shared_;
  bool readable_;
  bool copying_ = false;
  bool done_ = false;
  bool dropped_ = false;
  bool in_host_call_ = false;
  std::optional<CopyResult> result_;  // the copy ended; its callback has not run yet
  std::unique_ptr<Buffer> buffer_;
  Finish finish_;
};

}  // namespace stratus::component::async
