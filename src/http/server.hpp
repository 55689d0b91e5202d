// An HTTP/1.1 server: one epoll event loop accepts connections and reads request heads;
// a head complete, the connection goes to one of N worker threads, which runs the handler on
// an Exchange and then gives the connection back for its next request (keep-alive and
// pipelining, answered in order). The loop never runs handler code, so a slow handler
// delays no other connection; at max_in_flight requests under way a new one is answered
// 503 with Retry-After at once. Malformed or oversized requests are answered by the loop
// (400, 408, 413, 417, 431, 501, 505) and never reach a handler.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http/exchange.hpp"
#include "http/request.hpp"
#include "stratus/result.hpp"

namespace stratus::http {

class Handler {
 public:
  virtual ~Handler() = default;
  // On a worker thread, concurrently with other requests. A handler that returns without
  // starting a response gets 500; one that started but did not finish it has its
  // connection closed, so the client sees the response cut short.
  virtual void handle(Exchange& exchange) = 0;
};

struct AccessRecord {
  std::string_view method;
  std::string_view target;
  uint16_t status;
  uint64_t body_bytes;  // response body bytes sent
  uint64_t micros;      // from the head's arrival to the response's last byte handed to the OS
};

struct ServerConfig {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (port() tells which)
  unsigned workers = 0;  // 0: one per core
  size_t max_in_flight = 1000;     // requests handed to workers and not yet answered
  unsigned retry_after_seconds = 1;
  size_t max_connections = 10'000;
  // After shutdown(): how long requests under way may take before run() returns anyway.
  std::chrono::milliseconds shutdown_grace{10'000};
  Limits limits;
  std::function<void(const AccessRecord&)> access_log;  // on the thread that answered
};

struct ServerStats {
  uint64_t connections_accepted = 0;
  uint64_t connections_open = 0;
  uint64_t requests = 0;   // heads parsed, whoever answered them
  uint64_t in_flight = 0;
  uint64_t responses_by_class[6] = {};  // [1] = 1xx ... [5] = 5xx
  uint64_t rejected_overload = 0;  // 503 at max_in_flight
  uint64_t rejected_malformed = 0; // answered by the loop: 400, 413, 417, 431, 501, 505
  uint64_t head_timeouts = 0;      // 408
  uint64_t body_bytes_sent = 0;
};

class Server {
 public:
  // Binds and listens; serving starts with run().
  static Result<std::unique_ptr<Server>> bind(ServerConfig config, Handler& handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  uint16_t port() const;
  std::string url() const;  // http://HOST:PORT/

  // Serves on the calling thread (the event loop) and the workers until shutdown(), then
  // stops accepting, lets requests under way finish within shutdown_grace, and returns.
  Result<void> run();
  // From any thread, or a signal handler.
  void shutdown();
  // SIGINT and SIGTERM call shutdown() on this server (the last one asked).
  void shutdown_on_signals();

  ServerStats stats() const;

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace stratus::http
