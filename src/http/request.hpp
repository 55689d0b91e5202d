// What the server knows of one request once its head is parsed, and the bounds it parses
// within. Plain data: nothing here knows of sockets, the parser library or wasm.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stratus::http {

// Header or trailer fields in the order received, names as sent.
using Fields = std::vector<std::pair<std::string, std::string>>;

bool iequals(std::string_view a, std::string_view b);
// RFC 9110's token: what a field name or a method may be.
bool is_token(std::string_view s);
// The value of the first field named `name` (case-insensitively), if any.
std::optional<std::string_view> find_field(const Fields& fields, std::string_view name);

struct Limits {
  // The request line and header fields together, and the trailer fields together
  // (431 past either).
  size_t max_head_bytes = 64 * 1024;
  size_t max_header_count = 100;  // fields in the head, and in the trailers (431 past it)
  uint64_t max_body_bytes = 64ull << 20;  // decoded body bytes (413 past it)
  // From the first byte of a request head to its end: a client dribbling a head (slowloris)
  // is answered 408 and closed.
  std::chrono::milliseconds head_timeout{10'000};
  // A kept-alive connection with no request under way is closed after this.
  std::chrono::milliseconds idle_timeout{30'000};
  // A handler's blocking read or write that makes no progress for this long fails, and so
  // does the final flush of a response: a half-open or stalled client is let go.
  std::chrono::milliseconds io_timeout{30'000};
};

struct Request {
  std::string method;
  std::string target;  // as sent: origin-form "/p?q", absolute-form, "*"
  unsigned version_minor = 1;  // HTTP/1.<minor>
  Fields headers;
  bool keep_alive = true;       // the client allows another request on the connection
  bool expect_continue = false; // Expect: 100-continue
  bool chunked = false;
  std::optional<uint64_t> content_length;

  std::optional<std::string_view> header(std::string_view name) const { return find_field(headers, name); }
  // The body has bytes to read (chunked, or a Content-Length above zero).
  bool has_body() const { return chunked || content_length.value_or(0) > 0; }
};

}  // namespace stratus::http
