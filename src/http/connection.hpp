// One client connection: its socket, the bytes received and not yet parsed, and the parser.
// Owned by the event loop while it waits for a request head, and by one worker while that
// request is handled (never both), so it needs no lock.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstring>
#include <string_view>
#include <vector>

#include "http/request_parser.hpp"

namespace stratus::http {

using Clock = std::chrono::steady_clock;

struct Connection {
  Connection(int fd, const Limits& limits) : fd(fd), parser(limits) {}
  ~Connection() {
    if (fd >= 0) ::close(fd);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  std::string_view unparsed() const { return {in.data() + in_begin, in_end - in_begin}; }
  void consume(size_t n) {
    in_begin += n;
    if (in_begin == in_end) in_begin = in_end = 0;
  }
  // Room for at least `want` more bytes at the end of `in`, moving the unparsed bytes to the
  // front first.
  char* reserve(size_t want) {
    if (in_begin > 0) {
      std::memmove(in.data(), in.data() + in_begin, in_end - in_begin);
      in_end -= in_begin;
      in_begin = 0;
    }
    if (in.size() - in_end < want) in.resize(in_end + want);
    return in.data() + in_end;
  }

  enum class Phase {
    Idle,       // between requests: the idle timeout runs
    Head,       // a request head has begun: the head timeout runs
    Dispatched, // a worker has it
    Lingering,  // an error response was sent; reading and discarding until the client closes
  };

  int fd;
  RequestParser parser;
  std::vector<char> in;
  size_t in_begin = 0, in_end = 0;
  Phase phase = Phase::Idle;
  Clock::time_point deadline{};
  bool peer_closed = false;  // recv() returned 0
};

}  // namespace stratus::http
