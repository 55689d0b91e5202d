#include "http/exchange.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <charconv>

#include "http/connection.hpp"
#include "http/response_text.hpp"

namespace stratus::http {

namespace {

constexpr size_t kReceiveChunk = 16 * 1024;

Error misuse(std::string message) { return Error(ErrorKind::Argument, std::move(message)); }

bool valid_field(const std::string& name, const std::string& value) {
  if (!is_token(name)) return false;
  return std::none_of(value.begin(), value.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}
// Fields a handler may not set: the server owns the connection and the framing.
bool is_hop_by_hop(std::string_view name) {
  for (std::string_view hop : {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"})
    if (iequals(name, hop)) return true;
  return false;
}
void append_field(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  out += value;
  out += "\r\n";
}

}  // namespace

Exchange::Exchange(Connection& connection, Request request, const Limits& limits, const std::atomic<bool>& draining)
    : conn_(connection), request_(std::move(request)), limits_(limits), draining_(draining), keep_alive_(request_.keep_alive),
      body_ended_(false) {}

Exchange::~Exchange() = default;

Io Exchange::read_body(size_t max, std::string& out) {
  if (!pending_body_.empty()) {
    size_t n = std::min(max, pending_body_.size() - pending_offset_);
    out.append(pending_body_, pending_offset_, n);
    pending_offset_ += n;
    if (pending_offset_ == pending_body_.size()) pending_body_.clear(), pending_offset_ = 0;
    return Io::Ok;
  }
  if (body_ended_) return Io::Ended;
  if (body_failed_) return Io::Failed;
  // The client waits for 100 before sending the body; a response head not yet sent (the
  // handler started its response before reading) goes after it.
  if (request_.expect_continue && !continue_sent_ && bytes_sent_ == 0) {
    out_.insert(0, "HTTP/1.1 100 Continue\r\n\r\n");
    continue_sent_ = true;
    if (send_pending() == Io::Failed) return Io::Failed;
  }
  continue_sent_ = true;
  for (;;) {
    auto [step, consumed] = conn_.parser.parse(conn_.unparsed());
    conn_.consume(consumed);
    switch (step) {
      case RequestParser::Step::Body:
        pending_body_ = conn_.parser.take_body();
        pending_offset_ = 0;
        awaiting_socket_ = false;
        return read_body(max, out);
      case RequestParser::Step::MessageEnd:
        body_ended_ = true;
        trailers_ = conn_.parser.trailers();
        awaiting_socket_ = false;
        return Io::Ended;
      case RequestParser::Step::Head:
      case RequestParser::Step::Failed:
        body_failed_ = true;
        keep_alive_ = false;
        return Io::Failed;
      case RequestParser::Step::NeedMore:
        break;
    }
    if (conn_.peer_closed) {
      body_failed_ = true;
      keep_alive_ = false;
      return Io::Failed;
    }
    char* at = conn_.reserve(kReceiveChunk);
    ssize_t n = ::recv(conn_.fd, at, kReceiveChunk, MSG_DONTWAIT);
    if (n > 0) {
      conn_.in_end += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      awaiting_socket_ = true;
      return Io::WouldBlock;
    }
    conn_.peer_closed = true;  // end of stream or a reset, mid-body either way
  }
}

Readiness Exchange::body_readiness() const {
  return {conn_.fd, static_cast<short>(awaiting_socket_ && pending_body_.empty() && !body_ended_ && !body_failed_ ? POLLIN : 0)};
}

Result<void> Exchange::start_response(uint16_t status, const Fields& headers) {
  if (started_) return misuse("the response has already started");
  if (status < 200 || status > 999) return misuse("a response status must be 200 to 999, not " + std::to_string(status));
  no_body_ = iequals(request_.method, "HEAD") || status == 204 || status == 304;
  std::string head;
  head.reserve(256);
  head += "HTTP/1.1 ";
  head += std::to_string(status);
  head += ' ';
  head += reason_phrase(status);
  head += "\r\n";
  bool has_date = false;
  for (const auto& [name, value] : headers) {
    if (!valid_field(name, value)) return misuse("the response header field '" + name + "' is not a valid field");
    if (is_hop_by_hop(name)) continue;
    if (iequals(name, "content-length")) {
      uint64_t n = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc{} || end != value.data() + value.size() || (content_length_ && *content_length_ != n))
        return misuse("the response's Content-Length '" + value + "' is not one decimal number");
      content_length_ = n;
      continue;
    }
    if (iequals(name, "date")) has_date = true;
    append_field(head, name, value);
  }
  if (!has_date) append_date_field(head);
  // A client that asked for 100-continue and was not told to go ahead may or may not send
  // its body: the connection cannot be trusted to carry another request.
  if (request_.expect_continue && !continue_sent_ && request_.has_body()) keep_alive_ = false;
  if (draining_) keep_alive_ = false;
  if (no_body_) {
    if (content_length_ && status != 204) append_field(head, "Content-Length", std::to_string(*content_length_));
  } else if (content_length_) {
    append_field(head, "Content-Length", std::to_string(*content_length_));
  } else if (request_.version_minor >= 1) {
    head += "Transfer-Encoding: chunked\r\n";
    chunked_ = true;
  } else {
    keep_alive_ = false;  // HTTP/1.0 without a length: the close ends the body
  }
  if (!keep_alive_)
    head += "Connection: close\r\n";
  else if (request_.version_minor == 0)
    head += "Connection: keep-alive\r\n";
  head += "\r\n";
  out_ += head;
  status_ = status;
  started_ = true;
  return {};
}

Io Exchange::send_pending() {
  while (sent_offset_ < out_.size()) {
    ssize_t n = ::send(conn_.fd, out_.data() + sent_offset_, out_.size() - sent_offset_, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      sent_offset_ += static_cast<size_t>(n);
      bytes_sent_ += static_cast<uint64_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      out_.erase(0, sent_offset_);
      sent_offset_ = 0;
      return Io::WouldBlock;
    }
    broken_ = true;
    return Io::Failed;
  }
  out_.clear();
  sent_offset_ = 0;
  return Io::Ok;
}

size_t Exchange::unsent() const { return out_.size() - sent_offset_; }

Io Exchange::check_write(uint64_t& permitted) {
  permitted = 0;
  if (broken_ || !started_ || finished_) return Io::Failed;
  // Small writes collect into one send (a response head and a short body go out
  // together); past half the budget they go to the socket.
  if (flush_requested_ || unsent() >= kWriteBudget / 2) {
    if (send_pending() == Io::Failed) return Io::Failed;
    if (unsent() > 0) return Io::Ok;
    flush_requested_ = false;
  }
  permitted = kWriteBudget - std::min<uint64_t>(kWriteBudget, unsent());
  return Io::Ok;
}

Io Exchange::write(std::span<const uint8_t> bytes) {
  if (broken_ || !started_ || finished_) return Io::Failed;
  if (bytes.size() > kWriteBudget) return Io::Failed;
  if (no_body_ || bytes.empty()) return Io::Ok;
  if (content_length_ && body_sent_ + bytes.size() > *content_length_) {
    broken_ = true;
    return Io::Failed;
  }
  if (chunked_) {
    char size[24];
    auto [end, ec] = std::to_chars(size, size + sizeof size, bytes.size(), 16);
    out_.append(size, end);
    out_ += "\r\n";
  }
  out_.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (chunked_) out_ += "\r\n";
  body_sent_ += bytes.size();
  if (unsent() >= kWriteBudget / 2 && send_pending() == Io::Failed) return Io::Failed;
  return Io::Ok;
}

Io Exchange::flush() {
  if (broken_) return Io::Failed;
  if (send_pending() == Io::Failed) return Io::Failed;
  flush_requested_ = unsent() > 0;
  return Io::Ok;
}

Readiness Exchange::write_readiness() const {
  bool wait = (flush_requested_ && unsent() > 0) || unsent() >= kWriteBudget / 2;
  return {conn_.fd, static_cast<short>(wait ? POLLOUT : 0)};
}

Result<void> Exchange::finish(const std::optional<Fields>& trailers) {
  if (!started_) return misuse("the response has not started");
  if (finished_) return misuse("the response has already finished");
  if (broken_) return Error(ErrorKind::Io, "the response could not be sent");
  if (content_length_ && !no_body_ && body_sent_ != *content_length_) {
    broken_ = true;
    return misuse("the response body has " + std::to_string(body_sent_) + " bytes, not its Content-Length of " +
                  std::to_string(*content_length_));
  }
  if (chunked_) {
    out_ += "0\r\n";
    if (trailers) {
      for (const auto& [name, value] : *trailers) {
        if (!valid_field(name, value)) {
          broken_ = true;
          return misuse("the trailer field '" + name + "' is not a valid field");
        }
        append_field(out_, name, value);
      }
    }
    out_ += "\r\n";
  }
  finished_ = true;
  if (send_pending() == Io::Failed) return Error(ErrorKind::Io, "the client went away");
  return {};
}

bool Exchange::wait(short events) {
  struct pollfd p{conn_.fd, events, 0};
  int timeout = static_cast<int>(limits_.io_timeout.count());
  for (;;) {
    int r = ::poll(&p, 1, timeout);
    if (r < 0 && errno == EINTR) continue;
    return r > 0;
  }
}

bool Exchange::flush_all() {
  for (;;) {
    Io r = send_pending();
    if (r == Io::Ok) return true;
    if (r == Io::Failed || !wait(POLLOUT)) {
      broken_ = true;
      return false;
    }
  }
}

bool Exchange::drain_body(uint64_t max) {
  if (request_.expect_continue && !continue_sent_ && request_.has_body()) return false;
  std::string scratch;
  uint64_t drained = 0;
  for (;;) {
    scratch.clear();
    switch (read_body(kReceiveChunk, scratch)) {
      case Io::Ok:
        drained += scratch.size();
        if (drained > max) return false;
        break;
      case Io::Ended: return true;
      case Io::WouldBlock:
        if (!wait(POLLIN)) return false;
        break;
      case Io::Failed: return false;
    }
  }
}

Result<std::string> Exchange::read_whole_body(size_t max) {
  std::string body;
  for (;;) {
    switch (read_body(kReceiveChunk, body)) {
      case Io::Ok:
        if (body.size() > max) return Error(ErrorKind::Resource, "the request body is larger than " + std::to_string(max) + " bytes");
        break;
      case Io::Ended: return body;
      case Io::WouldBlock:
        if (!wait(POLLIN)) return Error(ErrorKind::Io, "the client stopped sending the request body");
        break;
      case Io::Failed: return Error(ErrorKind::Io, "the request body was cut short or malformed");
    }
  }
}

Result<void> Exchange::respond(uint16_t status, const Fields& headers, std::string_view body) {
  Fields with_length = headers;
  if (!find_field(headers, "content-length")) with_length.emplace_back("Content-Length", std::to_string(body.size()));
  if (auto r = start_response(status, with_length); !r) return r;
  while (!body.empty()) {
    uint64_t permitted = 0;
    if (check_write(permitted) != Io::Ok) return Error(ErrorKind::Io, "the client went away");
    if (permitted == 0) {
      if (!wait(POLLOUT)) return Error(ErrorKind::Io, "the client stopped reading the response");
      continue;
    }
    size_t n = std::min<size_t>(permitted, body.size());
    if (write(body.substr(0, n)) != Io::Ok) return Error(ErrorKind::Io, "the client went away");
    body.remove_prefix(n);
  }
  return finish();
}

}  // namespace stratus::http
