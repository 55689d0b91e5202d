// The wasi:http host's view of a connection (wasi/http/exchange.hpp) over the HTTP server's
// Exchange: the same non-blocking calls, with the socket's readiness as the PollTarget the
// guest's wait uses.
#pragma once

#include "http/exchange.hpp"
#include "wasi/http/exchange.hpp"

namespace stratus::serve {

class ConnectionBody final : public wasi::http::IncomingBody {
 public:
  explicit ConnectionBody(http::Exchange& exchange) : exchange_(exchange) {}
  wasi::p2::StreamResult<std::vector<uint8_t>> read(uint64_t max) override;
  wasi::p2::PollTarget readiness() override;
  std::optional<wasi::http::FieldList> trailers() override;

 private:
  http::Exchange& exchange_;
};

class ConnectionSink final : public wasi::http::ResponseSink {
 public:
  explicit ConnectionSink(http::Exchange& exchange) : exchange_(exchange) {}
  Result<void> start(uint16_t status, const wasi::http::FieldList& headers) override;
  wasi::p2::StreamResult<uint64_t> check_write() override;
  wasi::p2::StreamStatus write(std::span<const uint8_t> bytes) override;
  wasi::p2::StreamStatus flush() override;
  wasi::p2::PollTarget readiness() override;
  Result<void> finish(const std::optional<wasi::http::FieldList>& trailers) override;

 private:
  http::Exchange& exchange_;
};

}  // namespace stratus::serve
