// An in-memory IncomingBody and ResponseSink: what a server would hand handle_request, with
// the body in chunks and a sink that takes a limited number of bytes per check-write, so
// tests see back-pressure without a socket.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "wasi/http/exchange.hpp"

namespace stratus::wasi::http::testing {

class MemoryIncomingBody final : public IncomingBody {
 public:
  explicit MemoryIncomingBody(std::deque<std::string> chunks, FieldList trailers = {})
      : chunks_(std::move(chunks)), trailers_(std::move(trailers)) {}
  p2::StreamResult<std::vector<uint8_t>> read(uint64_t max) override {
    if (fail_after_chunks_ && served_ == *fail_after_chunks_) return p2::StreamError::failed("the client went away");
    if (chunks_.empty()) {
      ended_ = true;
      return p2::StreamError::closed();
    }
    std::string& front = chunks_.front();
    const size_t n = static_cast<size_t>(std::min<uint64_t>(max, front.size()));
    std::vector<uint8_t> out(front.begin(), front.begin() + static_cast<std::ptrdiff_t>(n));
    front.erase(0, n);
    if (front.empty()) chunks_.pop_front(), ++served_;
    return out;
  }
  p2::PollTarget readiness() override { return p2::ReadyNow{}; }
  std::optional<FieldList> trailers() override {
    if (!ended_) return std::nullopt;
    return trailers_;
  }
  std::optional<size_t> fail_after_chunks_;

 private:
  std::deque<std::string> chunks_;
  FieldList trailers_;
  bool ended_ = false;
  size_t served_ = 0;
};

class MemoryResponseSink final : public ResponseSink {
 public:
  explicit MemoryResponseSink(uint64_t per_check = 4096) : per_check_(per_check) {}
  Result<void> start(uint16_t s, const FieldList& h) override {
    if (started) return Error(ErrorKind::Host, "started twice");
    started = true;
    status = s;
    headers = h;
    return {};
  }
  p2::StreamResult<uint64_t> check_write() override {
    if (!started || finished) return p2::StreamError::failed("the sink is not open");
    return per_check_;
  }
  p2::StreamStatus write(std::span<const uint8_t> bytes) override {
    if (!started || finished) return p2::StreamError::failed("write before start or after finish");
    if (bytes.size() > per_check_) return p2::StreamError::failed("write past the permit");
    body.append(bytes.begin(), bytes.end());
    return std::monostate{};
  }
  p2::StreamStatus flush() override { return std::monostate{}; }
  p2::PollTarget readiness() override { return p2::ReadyNow{}; }
  Result<void> finish(const std::optional<FieldList>& t) override {
    if (!started || finished) return Error(ErrorKind::Host, "finish before start or twice");
    finished = true;
    trailers = t;
    return {};
  }

  bool started = false;
  bool finished = false;
  uint16_t status = 0;
  FieldList headers;
  std::string body;
  std::optional<FieldList> trailers;

 private:
  uint64_t per_check_;
};

}  // namespace stratus::wasi::http::testing
