// Which network uses a guest is granted: off unless the host says otherwise, with wasmtime's
// switches (-S inherit-network, -S allow-ip-name-lookup, -S tcp, -S udp) and an allow-list of
// addresses on top. wasi:sockets/network's `network` resource is this policy in a handle.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "wasi/p2/sockets_address.hpp"

namespace stratus::wasi::p2 {

enum class SocketUse { TcpBind, TcpConnect, UdpBind, UdpConnect, UdpOutgoingDatagram };

// `address/prefix` with an optional port: 127.0.0.0/8, 10.1.2.3:8080, [::1]/128:443, [::1],
// ::1/128 (an unbracketed IPv6 rule has no port).
struct AddressRule {
  IpAddress network;
  uint8_t prefix_length = 0;
  std::optional<uint16_t> port;

  bool matches(const IpSocketAddress& address) const;
  static std::optional<AddressRule> parse(std::string_view text);
};

struct SocketPolicy {
  bool inherit_network = false;  // without it every bind and connect is access-denied
  bool allow_ip_name_lookup = false;
  bool tcp = true;  // whether the guest may create TCP sockets at all
  bool udp = true;
  // When not empty, only these addresses may be bound, connected or sent to.
  std::vector<AddressRule> allowed_addresses;

  bool allows(const IpSocketAddress& address, SocketUse use) const;
};

struct NetworkPolicy;  // wasi_p2.hpp: the embedder's switches and CIDR strings

// The embedder's NetworkPolicy as the sockets check it, for WASI 0.2's and 0.3's hosts alike.
// An allow-list entry that does not parse refuses the whole network rather than widening it.
std::shared_ptr<const SocketPolicy> socket_policy_of(const NetworkPolicy& p);

class Network {
 public:
  explicit Network(std::shared_ptr<const SocketPolicy> policy) : policy_(std::move(policy)) {}
  const SocketPolicy& policy() const { return *policy_; }
  const std::shared_ptr<const SocketPolicy>& shared_policy() const { return policy_; }

 private:
  std::shared_ptr<const SocketPolicy> policy_;
};

}  // namespace stratus::wasi::p2
