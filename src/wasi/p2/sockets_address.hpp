// wasi:sockets/network's addresses, their host form (sockaddr), and the checks the WIT asks
// of an address before it reaches the kernel.
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>

namespace stratus::wasi::p2 {

enum class IpAddressFamily : uint8_t { Ipv4, Ipv6 };

using Ipv4Address = std::array<uint8_t, 4>;
using Ipv6Address = std::array<uint16_t, 8>;

// The WIT gives an address as a tuple of its parts; these convert it to and from our arrays,
// for every WASI version's bindings.
template <class Array, class Tuple>
Array array_of(const Tuple& t) {
  return std::apply([](auto... v) { return Array{v...}; }, t);
}
template <class Tuple, class Array, size_t... I>
Tuple tuple_of(const Array& a, std::index_sequence<I...>) {
  return Tuple{a[I]...};
}

struct IpAddress {
  std::variant<Ipv4Address, Ipv6Address> value;
  IpAddressFamily family() const { return value.index() == 0 ? IpAddressFamily::Ipv4 : IpAddressFamily::Ipv6; }
  bool operator==(const IpAddress&) const = default;
};

struct Ipv4SocketAddress {
  uint16_t port = 0;
  Ipv4Address address{};
  bool operator==(const Ipv4SocketAddress&) const = default;
};

struct Ipv6SocketAddress {
  uint16_t port = 0;
  uint32_t flow_info = 0;
  Ipv6Address address{};
  uint32_t scope_id = 0;
  bool operator==(const Ipv6SocketAddress&) const = default;
};

struct IpSocketAddress {
  std::variant<Ipv4SocketAddress, Ipv6SocketAddress> value;
  IpAddressFamily family() const { return value.index() == 0 ? IpAddressFamily::Ipv4 : IpAddressFamily::Ipv6; }
  uint16_t port() const;
  IpAddress ip() const;
  bool operator==(const IpSocketAddress&) const = default;

  static IpSocketAddress v4(Ipv4Address a, uint16_t port) { return {Ipv4SocketAddress{port, a}}; }
  static IpSocketAddress v6(Ipv6Address a, uint16_t port) { return {Ipv6SocketAddress{port, 0, a, 0}}; }
};

struct HostSockaddr {
  sockaddr_storage storage{};
  socklen_t length = 0;
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
};
HostSockaddr to_host(const IpSocketAddress& address);
// nullopt for a family WASI has no address for.
std::optional<IpSocketAddress> from_host(const sockaddr_storage& storage);

int host_family(IpAddressFamily family);

bool is_unspecified(const IpAddress& a);
bool is_ipv4_mapped(const IpAddress& a);
// Multicast, or IPv4's limited broadcast: never a socket's own or its peer's address.
bool is_multicast_or_broadcast(const IpAddress& a);

// An IPv4 dotted quad or an IPv6 literal (optionally in brackets).
std::optional<IpAddress> parse_ip_address(std::string_view text);

}  // namespace stratus::wasi::p2
