// wasi:sockets/ip-name-lookup: host names to addresses, only where the network's policy
// allows lookups (permanent-resolver-failure otherwise, as wasmtime answers).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "wasi/p2/sockets_address.hpp"
#include "wasi/p2/pollable.hpp"
#include "wasi/p2/sockets_error.hpp"
#include "wasi/p2/sockets_policy.hpp"

namespace stratus::wasi::p2 {

class ResolveAddressStream {
 public:
  // The next address, none after the last.
  NetOr<std::optional<IpAddress>> resolve_next_address();
  // The lookup finished before the stream was made, so it is always ready.
  PollTarget subscribe() const { return ReadyNow{}; }

 private:
  friend NetOr<ResolveAddressStream> resolve_addresses(const Network&, std::string_view);
  explicit ResolveAddressStream(std::vector<IpAddress> addresses) : addresses_(std::move(addresses)) {}
  std::vector<IpAddress> addresses_;
  size_t next_ = 0;
};

// A domain name, an IPv4 literal or an IPv6 literal (bracketed or not); anything else is
// invalid-argument, checked before the policy as wasmtime does.
NetOr<ResolveAddressStream> resolve_addresses(const Network& network, std::string_view name);

}  // namespace stratus::wasi::p2
