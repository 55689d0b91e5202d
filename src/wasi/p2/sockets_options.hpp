// Socket creation and the options TCP and UDP sockets share, with the WIT's rules for them
// (a zero hop limit or buffer size is invalid-argument).
#pragma once

#include <sys/socket.h>

#include "wasi/p2/sockets_address.hpp"
#include "wasi/p2/sockets_error.hpp"
#include "wasi/unique_fd.hpp"

namespace stratus::wasi::p2 {

// A nonblocking, close-on-exec socket; IPv6 ones are IPv6 only, as WASI's families are apart.
NetOr<UniqueFd> open_socket(IpAddressFamily family, int type);

NetOr<int> get_int_option(int fd, int level, int name);
NetOr<Unit> set_int_option(int fd, int level, int name, int value);

NetOr<uint8_t> get_hop_limit(int fd, IpAddressFamily family);
NetOr<Unit> set_hop_limit_option(int fd, IpAddressFamily family, uint8_t value);
NetOr<uint64_t> get_buffer_size(int fd, int name);
NetOr<Unit> set_buffer_size(int fd, int name, uint64_t value);

// Whether `events` (or an error or hang-up) is pending on `fd` now, without waiting.
bool fd_ready_now(int fd, short events);

// getsockname or getpeername, as a WASI address.
using SockNameFn = int (*)(int, sockaddr*, socklen_t*);
NetOr<IpSocketAddress> socket_address_of(int fd, SockNameFn fn);

}  // namespace stratus::wasi::p2
