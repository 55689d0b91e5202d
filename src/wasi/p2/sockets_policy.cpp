#include "wasi/p2/sockets_policy.hpp"

#include <charconv>

#include "wasi/p2/wasi_p2.hpp"

namespace stratus::wasi::p2 {
namespace {

template <class Int>
std::optional<Int> parse_number(std::string_view text, Int max) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value > max) return std::nullopt;
  return static_cast<Int>(value);
}

// The first `bits` bits of two addresses of one family agree.
template <class Array>
bool same_prefix(const Array& a, const Array& b, unsigned bits) {
  constexpr unsigned kWidth = sizeof(typename Array::value_type) * 8;
  for (size_t i = 0; i < a.size() && bits > 0; ++i) {
    const unsigned take = bits < kWidth ? bits : kWidth;
    const unsigned mask = ((1u << take) - 1) << (kWidth - take);
    if ((a[i] & mask) != (b[i] & mask)) return false;
    bits -= take;
  }
  return true;
}

}  // namespace

bool AddressRule::matches(const IpSocketAddress& address) const {
  if (port && *port != address.port()) return false;
  const IpAddress ip = address.ip();
  if (ip.family() != network.family()) return false;
  if (const auto* v4 = std::get_if<Ipv4Address>(&ip.value))
    return same_prefix(*v4, std::get<Ipv4Address>(network.value), prefix_length);
  return same_prefix(std::get<Ipv6Address>(ip.value), std::get<Ipv6Address>(network.value), prefix_length);
}

std::optional<AddressRule> AddressRule::parse(std::string_view text) {
  AddressRule rule;
  std::string_view address = text;
  std::string_view rest;
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    address = text.substr(0, close + 1);
    rest = text.substr(close + 1);
  } else if (text.find(':') != text.rfind(':')) {
    // Unbracketed IPv6 (::1/128): no port, since it could not be told apart.
    const size_t slash = text.find('/');
    address = text.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : text.substr(slash);
    if (rest.find(':') != std::string_view::npos) return std::nullopt;
  } else {
    const size_t cut = text.find_first_of("/:");
    address = text.substr(0, cut);
    rest = cut == std::string_view::npos ? std::string_view{} : text.substr(cut);
  }
  auto ip = parse_ip_address(address);
  if (!ip) return std::nullopt;
  rule.network = *ip;
  const uint8_t full = ip->family() == IpAddressFamily::Ipv4 ? 32 : 128;
  rule.prefix_length = full;
  if (!rest.empty() && rest.front() == '/') {
    const size_t colon = rest.find(':');
    auto prefix = parse_number<uint8_t>(rest.substr(1, colon == std::string_view::npos ? colon : colon - 1), full);
    if (!prefix) return std::nullopt;
    rule.prefix_length = *prefix;
    rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon);
  }
  if (!rest.empty()) {
    if (rest.front() != ':') return std::nullopt;
    auto port = parse_number<uint16_t>(rest.substr(1), 65535);
    if (!port) return std::nullopt;
    rule.port = *port;
  }
  return rule;
}

bool SocketPolicy::allows(const IpSocketAddress& address, SocketUse use) const {
  if (!inherit_network) return false;
  const bool tcp_use = use == SocketUse::TcpBind || use == SocketUse::TcpConnect;
  if (tcp_use ? !tcp : !udp) return false;
  if (allowed_addresses.empty()) return true;
  for (const AddressRule& rule : allowed_addresses)
    if (rule.matches(address)) return true;
  return false;
}

std::shared_ptr<const SocketPolicy> socket_policy_of(const NetworkPolicy& p) {
  auto out = std::make_shared<SocketPolicy>();
  out->inherit_network = p.inherit_network;
  out->allow_ip_name_lookup = p.allow_ip_name_lookup;
  out->tcp = p.tcp;
  out->udp = p.udp;
  for (const std::string& cidr : p.allowed_cidrs) {
    auto rule = AddressRule::parse(cidr);
    if (!rule) {
      out->inherit_network = false;
      break;
    }
    out->allowed_addresses.push_back(*rule);
  }
  return out;
}

}  // namespace stratus::wasi::p2
