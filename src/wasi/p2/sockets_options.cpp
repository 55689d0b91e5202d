#include "wasi/p2/sockets_options.hpp"

#include <netinet/in.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <climits>

namespace stratus::wasi::p2 {

NetOr<UniqueFd> open_socket(IpAddressFamily family, int type) {
  UniqueFd fd(socket(host_family(family), type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return last_net_error();
  if (family == IpAddressFamily::Ipv6) {
    if (auto r = set_int_option(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, 1); !r) return r.error();
  }
  return fd;
}

NetOr<int> get_int_option(int fd, int level, int name) {
  int value = 0;
  socklen_t len = sizeof value;
  if (getsockopt(fd, level, name, &value, &len) != 0) return last_net_error();
  return value;
}

NetOr<Unit> set_int_option(int fd, int level, int name, int value) {
  if (setsockopt(fd, level, name, &value, sizeof value) != 0) return last_net_error();
  return Unit{};
}

NetOr<uint8_t> get_hop_limit(int fd, IpAddressFamily family) {
  auto v = family == IpAddressFamily::Ipv4 ? get_int_option(fd, IPPROTO_IP, IP_TTL)
                                           : get_int_option(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS);
  if (!v) return v.error();
  return static_cast<uint8_t>(std::clamp(*v, 0, 255));
}

NetOr<Unit> set_hop_limit_option(int fd, IpAddressFamily family, uint8_t value) {
  if (value == 0) return NetErrorCode::InvalidArgument;
  return family == IpAddressFamily::Ipv4 ? set_int_option(fd, IPPROTO_IP, IP_TTL, value)
                                         : set_int_option(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, value);
}

NetOr<uint64_t> get_buffer_size(int fd, int name) {
  auto v = get_int_option(fd, SOL_SOCKET, name);
  if (!v) return v.error();
  // Linux doubles what was set, for its bookkeeping (socket(7)); the guest sees what it set,
  // as under wasmtime.
  return static_cast<uint64_t>(std::max(*v, 0)) / 2;
}

NetOr<Unit> set_buffer_size(int fd, int name, uint64_t value) {
  if (value == 0) return NetErrorCode::InvalidArgument;
  // The kernel clamps to its own limits; a guest asking for more just gets those.
  return set_int_option(fd, SOL_SOCKET, name, static_cast<int>(std::min<uint64_t>(value, INT_MAX)));
}

bool fd_ready_now(int fd, short events) {
  pollfd p{fd, events, 0};
  int n;
  do {
    n = poll(&p, 1, 0);
  } while (n < 0 && errno == EINTR);
  return n != 0;
}

NetOr<IpSocketAddress> socket_address_of(int fd, SockNameFn fn) {
  sockaddr_storage storage{};
  socklen_t len = sizeof storage;
  if (fn(fd, reinterpret_cast<sockaddr*>(&storage), &len) != 0) return last_net_error();
  auto address = from_host(storage);
  if (!address) return NetErrorCode::NotSupported;
  return *address;
}

}  // namespace stratus::wasi::p2
