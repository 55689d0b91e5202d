#include "wasi/p2/sockets_address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>
#include <string>

namespace stratus::wasi::p2 {

uint16_t IpSocketAddress::port() const {
  return std::visit([](const auto& a) { return a.port; }, value);
}

IpAddress IpSocketAddress::ip() const {
  if (const auto* v4 = std::get_if<Ipv4SocketAddress>(&value)) return {v4->address};
  return {std::get<Ipv6SocketAddress>(value).address};
}

HostSockaddr to_host(const IpSocketAddress& address) {
  HostSockaddr out;
  if (const auto* v4 = std::get_if<Ipv4SocketAddress>(&address.value)) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&out.storage);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(v4->port);
    std::memcpy(&sin->sin_addr, v4->address.data(), 4);
    out.length = sizeof(sockaddr_in);
    return out;
  }
  const auto& v6 = std::get<Ipv6SocketAddress>(address.value);
  auto* sin6 = reinterpret_cast<sockaddr_in6*>(&out.storage);
  sin6->sin6_family = AF_INET6;
  sin6->sin6_port = htons(v6.port);
  sin6->sin6_flowinfo = htonl(v6.flow_info);
  sin6->sin6_scope_id = v6.scope_id;
  for (int i = 0; i < 8; ++i) {
    sin6->sin6_addr.s6_addr[2 * i] = static_cast<uint8_t>(v6.address[i] >> 8);
    sin6->sin6_addr.s6_addr[2 * i + 1] = static_cast<uint8_t>(v6.address[i]);
  }
  out.length = sizeof(sockaddr_in6);
  return out;
}

std::optional<IpSocketAddress> from_host(const sockaddr_storage& storage) {
  if (storage.ss_family == AF_INET) {
    const auto* sin = reinterpret_cast<const sockaddr_in*>(&storage);
    Ipv4SocketAddress v4;
    v4.port = ntohs(sin->sin_port);
    std::memcpy(v4.address.data(), &sin->sin_addr, 4);
    return IpSocketAddress{v4};
  }
  if (storage.ss_family == AF_INET6) {
    const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&storage);
    Ipv6SocketAddress v6;
    v6.port = ntohs(sin6->sin6_port);
    v6.flow_info = ntohl(sin6->sin6_flowinfo);
    v6.scope_id = sin6->sin6_scope_id;
    for (int i = 0; i < 8; ++i)
      v6.address[i] = static_cast<uint16_t>(sin6->sin6_addr.s6_addr[2 * i] << 8 | sin6->sin6_addr.s6_addr[2 * i + 1]);
    return IpSocketAddress{v6};
  }
  return std::nullopt;
}

int host_family(IpAddressFamily family) { return family == IpAddressFamily::Ipv4 ? AF_INET : AF_INET6; }

bool is_unspecified(const IpAddress& a) {
  if (const auto* v4 = std::get_if<Ipv4Address>(&a.value)) return *v4 == Ipv4Address{};
  return std::get<Ipv6Address>(a.value) == Ipv6Address{};
}

bool is_ipv4_mapped(const IpAddress& a) {
  const auto* v6 = std::get_if<Ipv6Address>(&a.value);
  return v6 && (*v6)[0] == 0 && (*v6)[1] == 0 && (*v6)[2] == 0 && (*v6)[3] == 0 && (*v6)[4] == 0 &&
         (*v6)[5] == 0xffff;
}

bool is_multicast_or_broadcast(const IpAddress& a) {
  if (const auto* v4 = std::get_if<Ipv4Address>(&a.value))
    return ((*v4)[0] & 0xf0) == 0xe0 || *v4 == Ipv4Address{255, 255, 255, 255};
  return (std::get<Ipv6Address>(a.value)[0] & 0xff00) == 0xff00;
}

std::optional<IpAddress> parse_ip_address(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
    if (text.find(':') == std::string_view::npos) return std::nullopt;  // brackets are IPv6's
  }
  const std::string s(text);
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    Ipv4Address out;
    std::memcpy(out.data(), &v4, 4);
    return IpAddress{out};
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    Ipv6Address out;
    for (int i = 0; i < 8; ++i) out[i] = static_cast<uint16_t>(v6.s6_addr[2 * i] << 8 | v6.s6_addr[2 * i + 1]);
    return IpAddress{out};
  }
  return std::nullopt;
}

}  // namespace stratus::wasi::p2
