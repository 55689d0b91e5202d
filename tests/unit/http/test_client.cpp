#include "test_client.hpp"

#include <arpa/inet.h>
#include <http_parser.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>
#include <stdexcept>

namespace stratus::http::test {

struct Client::ParserState {
  ParserState() {
    http_parser_init(&parser, HTTP_RESPONSE);
    parser.data = this;
    http_parser_settings_init(&settings);
    settings.on_message_begin = [](http_parser* p) {
      auto& s = self(p);
      s.current = Response{};
      s.in_trailers = false;
      s.last_was_value = false;
      return 0;
    };
    settings.on_header_field = [](http_parser* p, const char* at, size_t n) {
      auto& s = self(p);
      Fields& f = s.in_trailers ? s.current.trailers : s.current.headers;
      if (f.empty() || s.last_was_value) f.emplace_back();
      f.back().first.append(at, n);
      s.last_was_value = false;
      return 0;
    };
    settings.on_header_value = [](http_parser* p, const char* at, size_t n) {
      auto& s = self(p);
      Fields& f = s.in_trailers ? s.current.trailers : s.current.headers;
      f.back().second.append(at, n);
      s.last_was_value = true;
      return 0;
    };
    settings.on_headers_complete = [](http_parser* p) {
      auto& s = self(p);
      s.current.status = p->status_code;
      s.in_trailers = true;
      s.last_was_value = false;
      bool head = s.head_answers.count(s.finals);
      if (p->status_code >= 200) s.finals++;
      return head ? 1 : 0;
    };
    settings.on_body = [](http_parser* p, const char* at, size_t n) {
      self(p).current.body.append(at, n);
      return 0;
    };
    settings.on_message_complete = [](http_parser* p) {
      self(p).done.push_back(std::move(self(p).current));
      return 0;
    };
  }
  static ParserState& self(http_parser* p) { return *static_cast<ParserState*>(p->data); }
  http_parser parser{};
  http_parser_settings settings{};
  Response current;
  bool in_trailers = false, last_was_value = false;
  std::vector<Response> done;
  size_t finals = 0;  // final (non-1xx) responses begun
  std::set<size_t> head_answers;
};

void Client::answers_head(size_t nth) { parser_->head_answers.insert(nth); }

Client::Client(uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)), parser_(new ParserState) {
  struct sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("connect failed");
}

Client::~Client() {
  ::close(fd_);
  delete parser_;
}

void Client::send(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return;  // the server closed: what it answered is still readable
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

std::vector<Response> Client::read_responses(size_t count) {
  char buf[16384];
  while (parser_->done.size() < count) {
    struct pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 10'000) <= 0) break;
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
      http_parser_execute(&parser_->parser, &parser_->settings, nullptr, 0);
      break;
    }
    size_t used = http_parser_execute(&parser_->parser, &parser_->settings, buf, static_cast<size_t>(n));
    if (used != static_cast<size_t>(n)) throw std::runtime_error("the server sent a malformed response");
  }
  std::vector<Response> out;
  size_t take = std::min(count, parser_->done.size());
  out.assign(std::make_move_iterator(parser_->done.begin()), std::make_move_iterator(parser_->done.begin() + static_cast<long>(take)));
  parser_->done.erase(parser_->done.begin(), parser_->done.begin() + static_cast<long>(take));
  return out;
}

Response Client::read_response() {
  auto r = read_responses(1);
  if (r.empty()) throw std::runtime_error("no complete response");
  return r.front();
}

bool Client::closed_by_server() {
  char buf[4096];
  for (;;) {
    struct pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 10'000) <= 0) return false;
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return true;
  }
}

}  // namespace stratus::http::test
