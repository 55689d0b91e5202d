#include "wasi/p2/sockets_name_lookup.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>

#include "wasi/unique_fd.hpp"

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

// The resolver thread's side of a lookup. `ready` (an eventfd) becomes readable, and stays
// so, when `answer` is set.
struct ResolveAddressStream::Pending {
  std::mutex mutex;
  std::optional<NetOr<std::vector<IpAddress>>> answer;
  UniqueFd ready;

  void finish(NetOr<std::vector<IpAddress>> result) {
    {
      std::lock_guard lock(mutex);
      answer = std::move(result);
    }
    const uint64_t one = 1;
    // An eventfd write of 1 fails only when the counter would overflow: never here.
    (void)!::write(ready.get(), &one, sizeof one);
  }
};

namespace {
std::atomic<int> lookups_in_flight{0};
}  // namespace

NetOr<std::vector<IpAddress>> resolve_with_getaddrinfo(const std::string& name) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;  // one entry per address rather than one per socket type
  addrinfo* found = nullptr;
  const int rc = getaddrinfo(name.c_str(), nullptr, &hints, &found);
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
  return addresses;
}

NetOr<ResolveAddressStream> resolve_addresses(const Network& network, std::string_view name, HostResolver resolver) {
  if (name.empty()) return NetErrorCode::InvalidArgument;
  const std::optional<IpAddress> literal = parse_ip_address(name);
  if (!literal && !is_domain_name(name)) return NetErrorCode::InvalidArgument;
  if (!network.policy().allow_ip_name_lookup) return NetErrorCode::PermanentResolverFailure;
  if (literal) return ResolveAddressStream(std::vector<IpAddress>{*literal});

  auto pending = std::make_shared<ResolveAddressStream::Pending>();
  pending->ready = UniqueFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!pending->ready.valid()) return last_net_error();
  if (lookups_in_flight.fetch_add(1) >= kMaxLookupsInFlight) {
    lookups_in_flight.fetch_sub(1);
    pending->finish(NetErrorCode::TemporaryResolverFailure);
    return ResolveAddressStream(std::move(pending));
  }
  try {
    std::thread([pending, host = std::string(name), resolver = std::move(resolver)] {
      auto answer = resolver(host);
      // Counted out before the answer shows, so whoever saw it can start another at once.
      lookups_in_flight.fetch_sub(1);
      pending->finish(std::move(answer));
    }).detach();
  } catch (const std::system_error&) {  // no thread to be had: as a busy resolver would say
    lookups_in_flight.fetch_sub(1);
    pending->finish(NetErrorCode::TemporaryResolverFailure);
  }
  return ResolveAddressStream(std::move(pending));
}

NetOr<std::optional<IpAddress>> ResolveAddressStream::resolve_next_address() {
  if (!answer_) {
    std::lock_guard lock(pending_->mutex);
    if (!pending_->answer) return NetErrorCode::WouldBlock;
    answer_ = std::move(pending_->answer);
  }
  if (!answer_->ok()) return answer_->error();
  const std::vector<IpAddress>& addresses = answer_->value();
  if (next_ >= addresses.size()) return std::optional<IpAddress>{};
  return std::optional<IpAddress>(addresses[next_++]);
}

PollTarget ResolveAddressStream::subscribe() const {
  if (!pending_) return ReadyNow{};
  return FdReadiness{pending_->ready.get(), POLLIN};
}

}  // namespace stratus::wasi::p2
