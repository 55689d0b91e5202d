#include "wasi/p2/sockets_name_lookup.hpp"

#include <netdb.h>

#include <algorithm>
#include <memory>
#include <string>

namespace stratus::wasi::p2 {
namespace {

// RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens (and the
// underscores real DNS names carry), at most 63 bytes a label and 253 in all.
bool is_domain_name(std::string_view name) {
  if (name.back() == '.') name.remove_suffix(1);
  if (name.empty() || name.size() > 253) return false;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('.', start);
    if (end == std::string_view::npos) end = name.size();
    const std::string_view label = name.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_';
      if (!ok) return false;
    }
    start = end + 1;
  }
  return true;
}

NetErrorCode resolver_error(int gai) {
  switch (gai) {
    case EAI_NONAME:
#ifdef EAI_NODATA
    case EAI_NODATA:
#endif
      return NetErrorCode::NameUnresolvable;
    case EAI_AGAIN: return NetErrorCode::TemporaryResolverFailure;
    case EAI_MEMORY: return NetErrorCode::OutOfMemory;
    default: return NetErrorCode::PermanentResolverFailure;
  }
}

}  // namespace

NetOr<ResolveAddressStream> resolve_addresses(const Network& network, std::string_view name) {
  if (name.empty()) return NetErrorCode::InvalidArgument;
  const std::optional<IpAddress> literal = parse_ip_address(name);
  if (!literal && !is_domain_name(name)) return NetErrorCode::InvalidArgument;
  if (!network.policy().allow_ip_name_lookup) return NetErrorCode::PermanentResolverFailure;
  if (literal) return ResolveAddressStream({*literal});

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;  // one entry per address rather than one per socket type
  addrinfo* found = nullptr;
  const int rc = getaddrinfo(std::string(name).c_str(), nullptr, &hints, &found);
  if (rc != 0) return resolver_error(rc);
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owner(found, freeaddrinfo);
  std::vector<IpAddress> addresses;
  for (const addrinfo* a = found; a; a = a->ai_next) {
    sockaddr_storage storage{};
    if (a->ai_addrlen > sizeof storage) continue;
    std::copy_n(reinterpret_cast<const char*>(a->ai_addr), a->ai_addrlen, reinterpret_cast<char*>(&storage));
    auto address = from_host(storage);
    if (!address) continue;
    const IpAddress ip = address->ip();
    if (std::find(addresses.begin(), addresses.end(), ip) == addresses.end()) addresses.push_back(ip);
  }
  return ResolveAddressStream(std::move(addresses));
}

NetOr<std::optional<IpAddress>> ResolveAddressStream::resolve_next_address() {
  if (next_ >= addresses_.size()) return std::optional<IpAddress>{};
  return std::optional<IpAddress>(addresses_[next_++]);
}

}  // namespace stratus::wasi::p2
