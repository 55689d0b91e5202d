// A loopback HTTP client for the server tests: raw bytes out, responses parsed back with
// libhttp_parser in response mode, so the tests can send exactly the malformed or pipelined
// bytes they mean to.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"

namespace stratus::http::test {

struct Response {
  unsigned status = 0;
  Fields headers;
  std::string body;
  Fields trailers;
  std::optional<std::string_view> header(std::string_view name) const { return find_field(headers, name); }
};

class Client {
 public:
  explicit Client(uint16_t port);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  void send(std::string_view bytes);
  // Reads until `count` responses are complete (a 100 Continue counts as one) or the server
  // closes; returns those that completed.
  std::vector<Response> read_responses(size_t count);
  Response read_response();
  // The response to the request sent `nth` (0-based, on this connection) answers a HEAD:
  // it has no body, whatever its Content-Length says.
  void answers_head(size_t nth);
  // Reads until the server closes the connection; true if it did (within 10 s, a bound on
  // a failing test, not a timing assertion).
  bool closed_by_server();

 private:
  int fd_;
  struct ParserState;
  ParserState* parser_;
};

}  // namespace stratus::http::test
