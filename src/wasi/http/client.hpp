// The HTTP client behind wasi:http/outgoing-handler: one libcurl transfer per request, on
// curl's multi-socket interface, driven from the guest's own calls and never blocking.
//
// Each transfer has an epoll set holding curl's sockets and a timerfd armed for the nearest
// of curl's timer and our first-byte and between-bytes deadlines; that one fd is the
// readiness target of the response future, the response body and the request body, so a
// guest waiting on any of them sleeps in the ordinary ppoll with the Store's deadline
// (wasi/p2/pollable.hpp), and each call that looks at the transfer first lets curl act on
// what is ready. Both bodies stream through bounded buffers (curl is paused while the guest
// does not read, and the upload pauses while the guest has not written). TLS is OpenSSL's
// (libcurl4-openssl-dev), with the system's CA store. Only http and https; no redirects,
// no proxy from the environment.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "wasi/http/exchange.hpp"
#include "wasi/http/objects.hpp"

namespace stratus::wasi::http {

struct ClientTimeouts {
  // wasmtime's defaults: 600 s each.
  uint64_t connect_ns = 600'000'000'000;
  uint64_t first_byte_ns = 600'000'000'000;
  uint64_t between_bytes_ns = 600'000'000'000;
};

struct ClientRequest {
  std::string method;
  std::string url;  // scheme://authority/path?query
  FieldList headers;
  bool has_body = false;  // the guest took the request's body: it is uploaded as it is written
  std::optional<uint64_t> content_length;
  ClientTimeouts timeouts;
};

// The most of a response body held that the guest has not read, and of an upload the guest
// has written that curl has not sent.
inline constexpr size_t kClientBufferBytes = 256 * 1024;

struct StartedRequest {
  std::unique_ptr<PendingResponse> response;
  // start() is not used; finish() ends the upload, its trailers sent when it is chunked.
  std::shared_ptr<ResponseSink> request_body;
};

// A request curl could not even start (a URL it rejects) is the error-code.
std::variant<StartedRequest, WitErrorCode> start_request(ClientRequest request);

}  // namespace stratus::wasi::http
