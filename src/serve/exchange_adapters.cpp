#include "serve/exchange_adapters.hpp"

#include <algorithm>

namespace stratus::serve {

namespace {

wasi::p2::PollTarget poll_target(http::Readiness r) {
  if (r.events == 0) return wasi::p2::ReadyNow{};
  return wasi::p2::FdReadiness{r.fd, r.events};
}

wasi::p2::StreamError connection_failed() { return wasi::p2::StreamError::failed("the HTTP connection failed"); }

}  // namespace

wasi::p2::StreamResult<std::vector<uint8_t>> ConnectionBody::read(uint64_t max) {
  std::string bytes;
  switch (exchange_.read_body(static_cast<size_t>(std::min<uint64_t>(max, wasi::p2::kMaxReadBytes)), bytes)) {
    case http::Io::Ok:
    case http::Io::WouldBlock: return std::vector<uint8_t>(bytes.begin(), bytes.end());
    case http::Io::Ended: return wasi::p2::StreamError::closed();
    case http::Io::Failed: break;
  }
  return wasi::p2::StreamError::failed("the request body was cut short or malformed");
}

wasi::p2::PollTarget ConnectionBody::readiness() { return poll_target(exchange_.body_readiness()); }

std::optional<wasi::http::FieldList> ConnectionBody::trailers() {
  if (!exchange_.body_ended() || !exchange_.trailers()) return std::nullopt;
  return *exchange_.trailers();
}

Result<void> ConnectionSink::start(uint16_t status, const wasi::http::FieldList& headers) {
  return exchange_.start_response(status, headers);
}

wasi::p2::StreamResult<uint64_t> ConnectionSink::check_write() {
  uint64_t permitted = 0;
  if (exchange_.check_write(permitted) != http::Io::Ok) return connection_failed();
  return permitted;
}

wasi::p2::StreamStatus ConnectionSink::write(std::span<const uint8_t> bytes) {
  if (exchange_.write(bytes) != http::Io::Ok) return connection_failed();
  return std::monostate{};
}

wasi::p2::StreamStatus ConnectionSink::flush() {
  if (exchange_.flush() != http::Io::Ok) return connection_failed();
  return std::monostate{};
}

wasi::p2::PollTarget ConnectionSink::readiness() { return poll_target(exchange_.write_readiness()); }

Result<void> ConnectionSink::finish(const std::optional<wasi::http::FieldList>& trailers) {
  return exchange_.finish(trailers);
}

}  // namespace stratus::serve
