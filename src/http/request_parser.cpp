#include "http/request_parser.hpp"

#include <http_parser.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace stratus::http {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<std::string_view> find_field(const Fields& fields, std::string_view name) {
  for (const auto& [n, v] : fields)
    if (iequals(n, name)) return std::string_view(v);
  return std::nullopt;
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

struct RequestParser::State {
  explicit State(const Limits& l) : limits(l) {
    http_parser_init(&parser, HTTP_REQUEST);
    parser.data = this;
    http_parser_settings_init(&settings);
    settings.on_message_begin = [](http_parser* p) { return self(p).on_message_begin(); };
    settings.on_url = [](http_parser* p, const char* at, size_t n) { return self(p).on_url(at, n); };
    settings.on_header_field = [](http_parser* p, const char* at, size_t n) { return self(p).on_field(at, n); };
    settings.on_header_value = [](http_parser* p, const char* at, size_t n) { return self(p).on_value(at, n); };
    settings.on_headers_complete = [](http_parser* p) { return self(p).on_headers_complete(); };
    settings.on_body = [](http_parser* p, const char* at, size_t n) { return self(p).on_body(at, n); };
    settings.on_message_complete = [](http_parser* p) { return self(p).on_message_complete(); };
  }
  static State& self(http_parser* p) { return *static_cast<State*>(p->data); }

  int fail(uint16_t status, std::string reason) {
    error_status = status;
    error_reason = std::move(reason);
    return -1;  // from on_headers_complete, 1 would mean "no body", not an error
  }

  int on_message_begin() {
    head = Request{};
    trailers.clear();
    body.clear();
    head_bytes = 0;
    body_bytes = 0;
    in_head = true;
    in_message = true;
    last_was_value = false;
    return 0;
  }
  int count_head_bytes(size_t n) {
    head_bytes += n;
    if (head_bytes > limits.max_head_bytes)
      return fail(431, in_head ? "the request head is larger than the server accepts" : "the trailers are larger than the server accepts");
    return 0;
  }
  int on_url(const char* at, size_t n) {
    if (count_head_bytes(n)) return -1;
    head.target.append(at, n);
    return 0;
  }
  int on_field(const char* at, size_t n) {
    if (count_head_bytes(n)) return -1;
    Fields& fields = in_head ? head.headers : trailers;
    if (fields.empty() || last_was_value) {
      if (fields.size() >= limits.max_header_count)
        return fail(431, in_head ? "the request has more header fields than the server accepts" : "the request has more trailer fields than the server accepts");
      fields.emplace_back();
    }
    fields.back().first.append(at, n);
    last_was_value = false;
    return 0;
  }
  int on_value(const char* at, size_t n) {
    if (count_head_bytes(n)) return -1;
    Fields& fields = in_head ? head.headers : trailers;
    if (fields.empty()) return fail(400, "a header value without a name");
    fields.back().second.append(at, n);
    last_was_value = true;
    return 0;
  }
  int on_headers_complete() {
    head.method = http_method_str(static_cast<http_method>(parser.method));
    head.version_minor = parser.http_minor;
    if (parser.http_major != 1) return fail(505, "only HTTP/1.x is served");
    head.keep_alive = http_should_keep_alive(&parser) != 0 && !parser.upgrade;
    if (int r = check_framing()) return r;
    in_head = false;
    head_bytes = 0;  // trailers are bounded on their own
    last_was_value = false;
    head_ready = true;
    http_parser_pause(&parser, 1);
    return 0;
  }
  // The rules that keep us and any intermediary agreeing on where a request ends
  // (RFC 9112 section 6.3), checked on the fields as sent rather than trusting the library.
  int check_framing() {
    size_t content_lengths = 0, transfer_encodings = 0, hosts = 0;
    std::string_view te;
    for (auto& [name, value] : head.headers) {
      // The library lets "Transfer-Encoding : chunked" through as another field; a proxy
      // may read it as the framing, so it is refused as RFC 9112 section 5.1 says.
      if (!is_token(name)) return fail(400, "a header field name with whitespace or a separator in it");
      if (iequals(name, "content-length")) {
        ++content_lengths;
        std::string_view v = trim(value);
        uint64_t n = 0;
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (v.empty() || ec != std::errc{} || end != v.data() + v.size())
          return fail(400, "Content-Length is not a decimal number");
        head.content_length = n;
      } else if (iequals(name, "transfer-encoding")) {
        ++transfer_encodings;
        te = trim(value);
      } else if (iequals(name, "host")) {
        ++hosts;
      } else if (iequals(name, "expect")) {
        if (!iequals(trim(value), "100-continue")) return fail(417, "the only expectation served is 100-continue");
        head.expect_continue = true;
      }
    }
    if (content_lengths > 1) return fail(400, "more than one Content-Length");
    if (transfer_encodings > 0 && content_lengths > 0) return fail(400, "both Content-Length and Transfer-Encoding");
    if (transfer_encodings > 1) return fail(400, "more than one Transfer-Encoding field");
    if (transfer_encodings == 1) {
      if (!iequals(te, "chunked")) {
        // A list ("gzip, chunked", "chunked, chunked") is where smuggling hides: refuse it as
        // malformed; a single coding we do not implement is merely not served.
        bool single_coding = !te.empty() && te.find(',') == std::string_view::npos;
        return fail(single_coding ? 501 : 400, "the only transfer coding served is chunked, alone");
      }
      if (head.version_minor == 0) return fail(400, "Transfer-Encoding in an HTTP/1.0 request");
      head.chunked = true;
    }
    if (head.version_minor >= 1 && hosts != 1) return fail(400, hosts ? "more than one Host" : "an HTTP/1.1 request without Host");
    if (head.content_length && *head.content_length > limits.max_body_bytes)
      return fail(413, "the request body is larger than the server accepts");
    return 0;
  }
  int on_body(const char* at, size_t n) {
    body_bytes += n;
    if (body_bytes > limits.max_body_bytes) return fail(413, "the request body is larger than the server accepts");
    body.append(at, n);
    return 0;
  }
  int on_message_complete() {
    for (const auto& field : trailers)
      if (!is_token(field.first)) return fail(400, "a trailer field name with whitespace or a separator in it");
    in_message = false;
    message_ended = true;
    http_parser_pause(&parser, 1);
    return 0;
  }

  Outcome parse(std::string_view input) {
    if (failed) return {Step::Failed, 0};
    if (!body.empty()) return {Step::Body, 0};
    if (HTTP_PARSER_ERRNO(&parser) == HPE_PAUSED) http_parser_pause(&parser, 0);
    size_t done = 0;
    while (done < input.size()) {
      size_t n = http_parser_execute(&parser, &settings, input.data() + done, input.size() - done);
      done += n;
      http_errno err = HTTP_PARSER_ERRNO(&parser);
      if (err != HPE_OK && err != HPE_PAUSED) {
        failed = true;
        if (error_status == 0) {
          bool too_big = err == HPE_HEADER_OVERFLOW;
          error_status = too_big ? 431 : 400;
          error_reason = std::string("malformed request: ") + http_errno_description(err);
        }
        return {Step::Failed, done};
      }
      if (head_ready) { head_ready = false; return {Step::Head, done}; }
      if (message_ended) {
        message_ended = false;
        if (!body.empty()) { pending_end = true; return {Step::Body, done}; }
        return {Step::MessageEnd, done};
      }
      if (!body.empty()) return {Step::Body, done};
      if (err == HPE_PAUSED) http_parser_pause(&parser, 0);
      if (n == 0) break;
    }
    return {Step::NeedMore, done};
  }

  const Limits limits;
  http_parser parser{};
  http_parser_settings settings{};
  Request head;
  Fields trailers;
  std::string body;
  size_t head_bytes = 0;
  uint64_t body_bytes = 0;
  bool in_head = false, in_message = false, last_was_value = false;
  bool head_ready = false, message_ended = false, pending_end = false, failed = false;
  uint16_t error_status = 0;
  std::string error_reason;
};

RequestParser::RequestParser(const Limits& limits) : state_(std::make_unique<State>(limits)) {}
RequestParser::~RequestParser() = default;

RequestParser::Outcome RequestParser::parse(std::string_view input) {
  if (state_->pending_end && state_->body.empty()) {
    state_->pending_end = false;
    return {Step::MessageEnd, 0};
  }
  return state_->parse(input);
}
Request RequestParser::take_head() { return std::move(state_->head); }
std::string RequestParser::take_body() { return std::exchange(state_->body, {}); }
const Fields& RequestParser::trailers() const { return state_->trailers; }
bool RequestParser::in_message() const { return state_->in_message || state_->pending_end; }
uint16_t RequestParser::error_status() const { return state_->error_status; }
const std::string& RequestParser::error_reason() const { return state_->error_reason; }

}  // namespace stratus::http
