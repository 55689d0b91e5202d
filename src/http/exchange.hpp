// One request and its response on a connection, as a handler sees it on a worker thread.
//
// Everything is non-blocking with a readiness (a socket fd and poll events) to wait on, so
// a handler that runs a guest can wait with the guest's own deadline; the blocking helpers
// at the end are for native handlers and wait at most Limits::io_timeout per step. Bodies
// stream both ways: a read returns what the connection has delivered (bounded by one
// receive buffer), and response bytes go out once a write budget of kWriteBudget fills or
// the response is flushed or finished.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "stratus/result.hpp"

namespace stratus::http {

struct Connection;

enum class Io {
  Ok,
  WouldBlock,  // nothing now: wait for readiness
  Ended,       // the request body has ended (reads only)
  Failed,      // the client broke the framing or went away, or the response was misused
};

// What to wait for before the operation that answered WouldBlock: poll events on fd, or
// none (events == 0: ready now).
struct Readiness {
  int fd = -1;
  short events = 0;
};

inline constexpr uint64_t kWriteBudget = 64 * 1024;

class Exchange {
 public:
  // `draining`: the server is shutting down, so the response closes the connection.
  Exchange(Connection& connection, Request request, const Limits& limits, const std::atomic<bool>& draining);
  ~Exchange();
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;

  const Request& request() const { return request_; }

  // The request body, decoded: up to `max` bytes appended to `out`. The first read of a
  // request that expects 100-continue sends the 100 response.
  Io read_body(size_t max, std::string& out);
  Readiness body_readiness() const;
  // After read_body answered Ended: the trailers (empty when none were sent).
  const std::optional<Fields>& trailers() const { return trailers_; }
  bool body_ended() const { return body_ended_; }

  // The status line and headers, once. The server frames the body: Content-Length when
  // `headers` has a valid one, chunked otherwise (close-delimited for HTTP/1.0); it adds
  // Date and Connection and drops the hop-by-hop fields a handler may not set.
  Result<void> start_response(uint16_t status, const Fields& headers);
  bool response_started() const { return started_; }
  bool response_finished() const { return finished_; }
  uint16_t status() const { return status_; }

  // wasi:io's check-write: how many body bytes write() may take now (0: wait for
  // write_readiness()); writing more fails.
  Io check_write(uint64_t& permitted);
  Io write(std::span<const uint8_t> bytes);
  Io write(std::string_view bytes) { return write(std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size())); }
  // Sends what is buffered; until it is out, check_write permits nothing.
  Io flush();
  Readiness write_readiness() const;
  // The body is complete; trailers go out when the framing is chunked.
  Result<void> finish(const std::optional<Fields>& trailers = std::nullopt);
  // Give up on the response: the connection is closed once the handler returns, so the
  // client sees it incomplete rather than a wrong one.
  void abort() { broken_ = true; }

  // Blocking helpers for native handlers.
  Result<std::string> read_whole_body(size_t max);
  Result<void> respond(uint16_t status, const Fields& headers, std::string_view body);

  // For the server once the handler returns.
  bool keep_alive() const { return keep_alive_ && !broken_; }
  bool broken() const { return broken_; }
  uint64_t body_bytes_sent() const { return body_sent_; }
  // Sends everything buffered, waiting up to io_timeout for each step of progress.
  bool flush_all();
  // Reads and discards what is left of the request body (at most `max` bytes), so the
  // connection can carry the next request.
  bool drain_body(uint64_t max);

 private:
  Io send_pending();
  size_t unsent() const;
  bool wait(short events);

  Connection& conn_;
  Request request_;
  const Limits& limits_;
  const std::atomic<bool>& draining_;
  uint64_t bytes_sent_ = 0;  // of the whole exchange, 100 Continue and head included
  std::optional<Fields> trailers_;
  std::string out_;  // response bytes; those before sent_offset_ are sent
  size_t sent_offset_ = 0;
  std::string pending_body_;  // request body bytes parsed and not yet read
  size_t pending_offset_ = 0;
  bool awaiting_socket_ = false;  // the last read found too few bytes: readiness is the socket's
  bool body_failed_ = false;
  uint64_t body_sent_ = 0;
  std::optional<uint64_t> content_length_;  // the response's
  uint16_t status_ = 0;
  bool keep_alive_;
  bool continue_sent_ = false;
  bool body_ended_;
  bool started_ = false, finished_ = false, broken_ = false;
  bool chunked_ = false, no_body_ = false, flush_requested_ = false;
};

}  // namespace stratus::http
