// The seam between an HTTP server and the wasi:http host: one request/response exchange as
// the server hands it to a guest's incoming-handler, in terms that know nothing of sockets
// or of a parser library.
//
// The server parses the request head, then gives the guest the body as an IncomingBody and
// the response as a ResponseSink; both are non-blocking with a readiness target, in the
// shape of wasi:io's streams (wasi/p2/streams.hpp), so the guest's blocking-read,
// subscribe and blocking-write go through the one wait every WASI 0.2 call uses (ppoll
// with the Store's deadline) and a stuck client never stalls a thread past that deadline.
// Neither side buffers a whole body: the body is read from the connection as the guest asks,
// and response bytes go to the connection as the guest writes them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "stratus/result.hpp"
#include "wasi/p2/pollable.hpp"
#include "wasi/p2/streams.hpp"

namespace stratus::wasi::http {

// Header (or trailer) fields in the order received; names as sent (wasi:http compares them
// case-insensitively), values as bytes.
using FieldList = std::vector<std::pair<std::string, std::string>>;

struct RequestHead {
  std::string method;                          // as sent: "GET", "PATCH", an extension method
  std::optional<std::string> scheme;           // "http" for a plain-text listener
  std::optional<std::string> authority;        // from Host (or the absolute-form target)
  std::optional<std::string> path_with_query;  // the origin-form target, "/" at least
  FieldList headers;
};

// The request body, decoded from its framing (Content-Length or chunked): the guest reads
// plain bytes. Implemented by the server.
class IncomingBody {
 public:
  virtual ~IncomingBody() = default;
  // Up to `max` bytes now (possibly none: then wait for readiness()); closed once the body
  // has ended, last-operation-failed when the client broke the framing or went away.
  virtual p2::StreamResult<std::vector<uint8_t>> read(uint64_t max) = 0;
  virtual p2::PollTarget readiness() = 0;
  // After read() reported closed: the trailers a chunked body ended with (empty if none),
  // or nullopt while the body has not ended.
  virtual std::optional<FieldList> trailers() = 0;
};

// The response as the guest produces it. Implemented by the server, which chooses the
// framing: Content-Length when the guest set one, chunked otherwise (so trailers work).
class ResponseSink {
 public:
  virtual ~ResponseSink() = default;
  // Once, before any body byte: the status line and headers (the server adds Date and the
  // framing headers; it may drop hop-by-hop headers the guest set).
  virtual Result<void> start(uint16_t status, const FieldList& headers) = 0;
  // The check-write contract of wasi:io/streams: how many bytes write() may take now (0:
  // wait for readiness()); a write of more fails.
  virtual p2::StreamResult<uint64_t> check_write() = 0;
  virtual p2::StreamStatus write(std::span<const uint8_t> bytes) = 0;
  virtual p2::StreamStatus flush() = 0;
  virtual p2::PollTarget readiness() = 0;
  // The body is complete; `trailers` are sent when the framing allows them (chunked).
  virtual Result<void> finish(const std::optional<FieldList>& trailers) = 0;
  // The body will never be finished (its sender failed): a request being uploaded fails as a
  // whole. A server needs nothing here: the exchange it sees unfinished is cut short.
  virtual void abandon() {}
};

// An IncomingBody as a wasi:io input-stream, and a ResponseSink's body as an output-stream:
// what the 0.2 streams and the 0.3 stream pumps read and write.
class IncomingBodyStream final : public p2::InputStream {
 public:
  explicit IncomingBodyStream(std::shared_ptr<IncomingBody> body) : body_(std::move(body)) {}
  p2::StreamResult<std::vector<uint8_t>> read(uint64_t len) override {
    return body_->read(std::min(len, p2::kMaxReadBytes));
  }
  p2::PollTarget readiness() override { return body_->readiness(); }

 private:
  std::shared_ptr<IncomingBody> body_;
};

class ResponseSinkStream final : public p2::OutputStream {
 public:
  explicit ResponseSinkStream(std::shared_ptr<ResponseSink> sink) : sink_(std::move(sink)) {}
  p2::StreamResult<uint64_t> check_write() override { return sink_->check_write(); }
  p2::StreamStatus write(std::span<const uint8_t> bytes) override { return sink_->write(bytes); }
  p2::StreamStatus flush() override { return sink_->flush(); }
  p2::PollTarget readiness() override { return sink_->readiness(); }

 private:
  std::shared_ptr<ResponseSink> sink_;
};

}  // namespace stratus::wasi::http
