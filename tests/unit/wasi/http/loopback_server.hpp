// A one-connection HTTP server on 127.0.0.1 for the client tests: it reads one request (head,
// then a Content-Length or chunked body), records it, and answers with fixed bytes, or never.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

namespace stratus::wasi::http::testing {

class LoopbackServer {
 public:
  // `reply` empty: read the request and never answer (until the client gives up).
  explicit LoopbackServer(std::string reply) : reply_(std::move(reply)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listener_, 4);
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~LoopbackServer() {
    ::shutdown(listener_, SHUT_RDWR);
    if (thread_.joinable()) thread_.join();
    ::close(listener_);
  }
  std::string url(const std::string& path = "/") const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  std::string authority() const { return "127.0.0.1:" + std::to_string(port_); }
  // What the client sent (valid after the client has its response).
  const std::string& request() const { return request_; }
  const std::string& body() const { return body_; }
  const std::string& trailers() const { return trailers_; }  // of a chunked body, as sent
  // The whole request is in (set once; request() and body() are complete from then on).
  bool received() const { return received_.load(); }

 private:
  void serve() {
    const int conn = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (conn < 0) return;
    std::string data;
    char buf[65536];
    auto fill = [&]() {
      const ssize_t n = ::recv(conn, buf, sizeof buf, 0);
      if (n <= 0) return false;
      data.append(buf, static_cast<size_t>(n));
      return true;
    };
    size_t head_end;
    while ((head_end = data.find("\r\n\r\n")) == std::string::npos)
      if (!fill()) return finish(conn);
    std::string head = data.substr(0, head_end + 4);
    data.erase(0, head_end + 4);
    std::string lower = head;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (const size_t cl = lower.find("content-length:"); cl != std::string::npos) {
      const size_t length = std::stoul(lower.substr(cl + 15));
      while (data.size() < length)
        if (!fill()) break;
      body_ = data.substr(0, length);
    } else if (lower.find("transfer-encoding: chunked") != std::string::npos) {
      for (;;) {
        size_t line_end;
        while ((line_end = data.find("\r\n")) == std::string::npos)
          if (!fill()) return finish(conn);
        const size_t size = std::stoul(data.substr(0, line_end), nullptr, 16);
        while (size > 0 && data.size() < line_end + 2 + size + 2)
          if (!fill()) return finish(conn);
        if (size == 0) {
          // The last chunk: trailer lines up to an empty one.
          data.erase(0, line_end + 2);
          size_t end;
          while ((end = data.find("\r\n")) != 0) {
            if (end == std::string::npos) {
              if (!fill()) return finish(conn);
              continue;
            }
            trailers_ += data.substr(0, end + 2);
            data.erase(0, end + 2);
          }
          break;
        }
        body_ += data.substr(line_end + 2, size);
        data.erase(0, line_end + 2 + size + 2);
      }
    }
    request_ = head;
    received_.store(true);
    if (!reply_.empty()) {
      size_t sent = 0;
      while (sent < reply_.size()) {
        const ssize_t n = ::send(conn, reply_.data() + sent, reply_.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
      }
    }
    finish(conn);
  }
  void finish(int conn) {
    // Wait for the client to close (or give up), so a reply is never cut short.
    char buf[256];
    while (::recv(conn, buf, sizeof buf, 0) > 0) {
    }
    ::close(conn);
  }

  std::string reply_;
  int listener_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
  std::string request_, body_, trailers_;
  std::atomic<bool> received_{false};
};

}  // namespace stratus::wasi::http::testing
