// `stratus run --tcplisten ADDR:PORT`: the host opens a listening TCP socket and hands it to
// the guest as a preopened socket (WASI preview 1 cannot create sockets itself).
#pragma once

#include <string>
#include <variant>

#include "wasi/unique_fd.hpp"

namespace stratus::cli {

struct ListenAddress {
  std::string host;  // an IPv4 or IPv6 literal, or a name resolved through getaddrinfo
  std::string port;  // decimal, 0..65535
};

// Splits `ADDR:PORT` or `[IPV6]:PORT` at the last colon. An error message (naming the spec)
// if either part is missing or the port is not a decimal number in 0..65535.
std::variant<ListenAddress, std::string> parse_listen_address(const std::string& spec);

// Resolves the address, then for each candidate: socket, SO_REUSEADDR, bind, listen(128), as
// wasmtime's --tcplisten does through Rust's TcpListener::bind. The descriptor is blocking
// and close-on-exec; the error message names the spec and the last failing step.
std::variant<wasi::UniqueFd, std::string> open_tcp_listener(const std::string& spec);

}  // namespace stratus::cli
