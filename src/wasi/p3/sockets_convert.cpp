#include "wasi/p3/sockets_convert.hpp"

#include <tuple>
#include <utility>

namespace stratus::wasi::p3 {
using p2::array_of;
using p2::tuple_of;

namespace {

wsock::Ipv4Address to_wit(const p2::Ipv4Address& a) {
  return tuple_of<wsock::Ipv4Address>(a, std::make_index_sequence<4>{});
}
wsock::Ipv6Address to_wit(const p2::Ipv6Address& a) {
  return tuple_of<wsock::Ipv6Address>(a, std::make_index_sequence<8>{});
}

}  // namespace

// Both enums list ipv4 then ipv6.
wsock::IpAddressFamily to_wit(p2::IpAddressFamily family) { return static_cast<wsock::IpAddressFamily>(family); }
p2::IpAddressFamily from_wit(wsock::IpAddressFamily family) { return static_cast<p2::IpAddressFamily>(family); }

wsock::IpAddress to_wit(const p2::IpAddress& address) {
  if (const auto* v4 = std::get_if<p2::Ipv4Address>(&address.value)) return wsock::IpAddress::ipv4(to_wit(*v4));
  return wsock::IpAddress::ipv6(to_wit(std::get<p2::Ipv6Address>(address.value)));
}

wsock::IpSocketAddress to_wit(const p2::IpSocketAddress& address) {
  if (const auto* v4 = std::get_if<p2::Ipv4SocketAddress>(&address.value))
    return wsock::IpSocketAddress::ipv4({v4->port, to_wit(v4->address)});
  const auto& v6 = std::get<p2::Ipv6SocketAddress>(address.value);
  return wsock::IpSocketAddress::ipv6({v6.port, v6.flow_info, to_wit(v6.address), v6.scope_id});
}

p2::IpSocketAddress from_wit(const wsock::IpSocketAddress& address) {
  if (address.tag() == wsock::IpSocketAddress::Tag::ipv4) {
    const auto& v4 = std::get<0>(address.value);
    return {p2::Ipv4SocketAddress{v4.port, array_of<p2::Ipv4Address>(v4.address)}};
  }
  const auto& v6 = std::get<1>(address.value);
  return {p2::Ipv6SocketAddress{v6.port, v6.flow_info, array_of<p2::Ipv6Address>(v6.address), v6.scope_id}};
}

wsock::ErrorCode to_wit(p2::NetErrorCode code) {
  using C = p2::NetErrorCode;
  using E = wsock::ErrorCode;
  switch (code) {
    case C::AccessDenied: return E::access_denied();
    case C::NotSupported: return E::not_supported();
    case C::InvalidArgument: return E::invalid_argument();
    case C::OutOfMemory: return E::out_of_memory();
    case C::Timeout: return E::timeout();
    case C::ConcurrencyConflict:
    case C::NotInProgress:
    case C::InvalidState: return E::invalid_state();
    case C::AddressNotBindable: return E::address_not_bindable();
    case C::AddressInUse: return E::address_in_use();
    case C::RemoteUnreachable: return E::remote_unreachable();
    case C::ConnectionRefused: return E::connection_refused();
    case C::ConnectionReset: return E::connection_reset();
    case C::ConnectionAborted: return E::connection_aborted();
    case C::DatagramTooLarge: return E::datagram_too_large();
    case C::NewSocketLimit: return E::other("the host's limit of open sockets was reached");
    default: return E::other(std::nullopt);
  }
}

wlookup::ErrorCode to_wit_lookup(p2::NetErrorCode code) {
  using C = p2::NetErrorCode;
  using E = wlookup::ErrorCode;
  switch (code) {
    case C::AccessDenied: return E::access_denied();
    case C::InvalidArgument: return E::invalid_argument();
    case C::NameUnresolvable: return E::name_unresolvable();
    case C::TemporaryResolverFailure: return E::temporary_resolver_failure();
    case C::PermanentResolverFailure: return E::permanent_resolver_failure();
    default: return E::other(std::nullopt);
  }
}

}  // namespace stratus::wasi::p3
