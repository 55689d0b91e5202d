// wasi:sockets/ip-name-lookup: host names to addresses, only where the network's policy
// allows lookups (permanent-resolver-failure otherwise, as wasmtime answers).
//
// A lookup runs on a thread of its own, so a slow resolver holds up neither the guest's call
// nor the Store: resolve-addresses returns at once, resolve-next-address answers would-block
// until the answer is in, and the stream's pollable is an eventfd the resolver thread signals,
// so pollable.block waits the way every WASI 0.2 wait does (the Store's deadline and
// interrupt() end it). A thread whose guest went away finishes its lookup and goes.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasi/p2/sockets_address.hpp"
#include "wasi/p2/pollable.hpp"
#include "wasi/p2/sockets_error.hpp"
#include "wasi/p2/sockets_policy.hpp"

namespace stratus::wasi::p2 {

// Name to addresses, blocking (the default is getaddrinfo); run off the guest's thread.
using HostResolver = std::function<NetOr<std::vector<IpAddress>>(const std::string& name)>;
NetOr<std::vector<IpAddress>> resolve_with_getaddrinfo(const std::string& name);

// Lookups running at once in the process; one more finishes at once with
// temporary-resolver-failure, so a guest cannot make the host start threads without bound.
inline constexpr int kMaxLookupsInFlight = 32;

class ResolveAddressStream {
 public:
  // The next address, none after the last; would-block while the lookup runs, then the
  // resolver's error (name-unresolvable, temporary- or permanent-resolver-failure) if it failed.
  NetOr<std::optional<IpAddress>> resolve_next_address();
  // Ready once the lookup has finished (at once for an address literal).
  PollTarget subscribe() const;

  struct Pending;  // what the resolver thread fills in

 private:
  friend NetOr<ResolveAddressStream> resolve_addresses(const Network&, std::string_view, HostResolver);
  explicit ResolveAddressStream(std::vector<IpAddress> addresses) : answer_(std::move(addresses)) {}
  explicit ResolveAddressStream(std::shared_ptr<Pending> pending) : pending_(std::move(pending)) {}

  std::shared_ptr<Pending> pending_;  // null for a literal; kept for its eventfd once taken
  std::optional<NetOr<std::vector<IpAddress>>> answer_;  // set once the lookup has finished
  size_t next_ = 0;
};

// A domain name, an IPv4 literal or an IPv6 literal (bracketed or not); anything else is
// invalid-argument, checked before the policy as wasmtime does. A name is looked up by
// `resolver` on its own thread.
NetOr<ResolveAddressStream> resolve_addresses(const Network& network, std::string_view name,
                                              HostResolver resolver = resolve_with_getaddrinfo);

}  // namespace stratus::wasi::p2
