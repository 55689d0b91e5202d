// What read-via-stream, write-via-stream and append-via-stream hand out: wasi:io streams at
// a position in a file, read and written with pread/pwrite so streams never disturb each
// other or the descriptor. A file is always ready, so their pollables are ready at once.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "wasi/p2/streams.hpp"
#include "wasi/unique_fd.hpp"

namespace stratus::wasi::p2 {

class FileInputStream final : public InputStream {
 public:
  FileInputStream(std::shared_ptr<UniqueFd> fd, uint64_t position) : fd_(std::move(fd)), position_(position) {}
  // Up to min(len, kMaxReadBytes) bytes; closed at the end of the file.
  StreamResult<std::vector<uint8_t>> read(uint64_t len) override;
  // Moves past up to `len` bytes without reading them; closed at the end of the file.
  StreamResult<uint64_t> skip(uint64_t len) override;
  PollTarget readiness() override { return ReadyNow{}; }
  uint64_t position() const { return position_; }

 private:
  std::shared_ptr<UniqueFd> fd_;
  uint64_t position_;
};

class FileOutputStream final : public OutputStream {
 public:
  FileOutputStream(std::shared_ptr<UniqueFd> fd, uint64_t position, bool append)
      : fd_(std::move(fd)), position_(position), append_(append) {}
  // A file takes what it is given at once, so the permit is always the whole budget.
  StreamResult<uint64_t> check_write() override;
  // All of `bytes` (at the end of the file when appending); more than kOutputBudget fails.
  StreamStatus write(std::span<const uint8_t> bytes) override;
  // Written data is in the kernel already; reaching the device is sync's job.
  StreamStatus flush() override;
  PollTarget readiness() override { return ReadyNow{}; }
  uint64_t position() const { return position_; }

 private:
  std::shared_ptr<UniqueFd> fd_;
  uint64_t position_;
  bool append_;
  bool failed_ = false;  // after a failure the stream is closed, as wasi:io asks
};

}  // namespace stratus::wasi::p2
