#include "cli/tcp_listen.hpp"

#include <netdb.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace stratus::cli {
namespace {

constexpr int kBacklog = 128;  // Rust's TcpListener::bind, which wasmtime's --tcplisten uses

std::string quoted(const std::string& spec) { return "--tcplisten '" + spec + "'"; }

// Dotted digits or anything with a colon is meant as a literal: never send it to DNS.
bool looks_numeric(const std::string& host) {
  if (host.find(':') != std::string::npos) return true;
  return host.find_first_not_of("0123456789.") == std::string::npos;
}

}  // namespace

std::variant<ListenAddress, std::string> parse_listen_address(const std::string& spec) {
  const size_t colon = spec.rfind(':');
  if (colon == std::string::npos) return quoted(spec) + " needs ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:8080";
  std::string host = spec.substr(0, colon);
  std::string port = spec.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string::npos) {
    return quoted(spec) + ": write an IPv6 address in brackets, e.g. [::1]:8080";
  }
  if (host.empty()) return quoted(spec) + " has no address before the port";
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoul(port) > 65535)
    return quoted(spec) + ": port '" + port + "' is not a number from 0 to 65535";
  return ListenAddress{std::move(host), std::move(port)};
}

std::variant<wasi::UniqueFd, std::string> open_tcp_listener(const std::string& spec) {
  auto parsed = parse_listen_address(spec);
  if (auto* message = std::get_if<std::string>(&parsed)) return *message;
  const ListenAddress& address = std::get<ListenAddress>(parsed);

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV | (looks_numeric(address.host) ? AI_NUMERICHOST : 0);
  addrinfo* found = nullptr;
  if (int rc = getaddrinfo(address.host.c_str(), address.port.c_str(), &hints, &found); rc != 0) {
    if (rc == EAI_NONAME && (hints.ai_flags & AI_NUMERICHOST))
      return quoted(spec) + ": '" + address.host + "' is not an IP address";
    return quoted(spec) + ": cannot resolve '" + address.host + "': " + gai_strerror(rc);
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> list(found, &freeaddrinfo);

  std::string failure = "no address to listen on";
  for (const addrinfo* ai = list.get(); ai; ai = ai->ai_next) {
    wasi::UniqueFd fd(socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol));
    if (!fd.valid()) {
      failure = std::string("socket: ") + std::strerror(errno);
      continue;
    }
    const int on = 1;
    if (setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0) {
      failure = std::string("setsockopt(SO_REUSEADDR): ") + std::strerror(errno);
      continue;
    }
    if (bind(fd.get(), ai->ai_addr, ai->ai_addrlen) != 0) {
      failure = std::string("cannot bind: ") + std::strerror(errno);
      continue;
    }
    if (listen(fd.get(), kBacklog) != 0) {
      failure = std::string("cannot listen: ") + std::strerror(errno);
      continue;
    }
    return fd;
  }
  return quoted(spec) + ": " + failure;
}

}  // namespace stratus::cli
