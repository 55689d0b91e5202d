// HTTP/1.1 request parsing on libhttp_parser (node's parser before llhttp), with the rules
// a server in front of untrusted handlers needs on top of it: a request with both
// Content-Length and Transfer-Encoding, two Content-Lengths, a transfer coding other than a
// final chunked, or an HTTP/1.1 request without exactly one Host is refused (400) before any
// handler sees it, so a proxy in front of us and we cannot disagree on where it ends; heads
// and trailers are bounded in bytes and fields (431), bodies in bytes (413).
//
// The parser is incremental and stops at every point the server acts on: after the head,
// after body bytes (which it keeps until taken, so body memory is bounded by what one
// parse() was given), and after a message's end, leaving pipelined bytes unread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "http/request.hpp"

namespace stratus::http {

class RequestParser {
 public:
  enum class Step {
    NeedMore,     // everything given was consumed; give more
    Head,         // a head is complete: take_head()
    Body,         // body bytes are ready: take_body()
    MessageEnd,   // the message (body and trailers) is complete; the next parse() starts the next one
    Failed,       // the request is malformed or over a limit: error_status()
  };
  struct Outcome {
    Step step;
    size_t consumed;  // bytes of the input used; the rest must be given again
  };

  explicit RequestParser(const Limits& limits);
  ~RequestParser();
  RequestParser(const RequestParser&) = delete;
  RequestParser& operator=(const RequestParser&) = delete;

  Outcome parse(std::string_view input);

  Request take_head();
  std::string take_body();
  const Fields& trailers() const;
  // A message has begun (some byte of its head was consumed) and has not ended.
  bool in_message() const;
  // Only after Step::Failed: 400, 413, 417, 431 or 501, and why.
  uint16_t error_status() const;
  const std::string& error_reason() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace stratus::http
