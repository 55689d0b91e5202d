#include "wasi/p2/sockets_udp.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <string>

#include "wasi/p2/sockets_options.hpp"

namespace stratus::wasi::p2 {
namespace {

// The largest UDP payload: no datagram needs a bigger buffer.
constexpr size_t kMaxDatagram = 65535;

}  // namespace

NetOr<Unit> check_udp_address(const IpSocketAddress& address, IpAddressFamily family) {
  if (address.family() != family) return NetErrorCode::InvalidArgument;
  if (is_ipv4_mapped(address.ip())) return NetErrorCode::InvalidArgument;
  return Unit{};
}

NetOr<Unit> check_udp_remote(const IpSocketAddress& address, IpAddressFamily family) {
  if (auto c = check_udp_address(address, family); !c) return c;
  if (is_unspecified(address.ip()) || address.port() == 0) return NetErrorCode::InvalidArgument;
  return Unit{};
}

NetOr<UdpSocket> UdpSocket::create(IpAddressFamily family, const SocketPolicy& policy) {
  if (!policy.udp) return NetErrorCode::AccessDenied;
  auto fd = open_socket(family, SOCK_DGRAM);
  if (!fd) return fd.error();
  auto shared = std::make_shared<UdpShared>();
  shared->fd = std::move(*fd);
  shared->family = family;
  return UdpSocket(std::move(shared));
}

NetOr<Unit> UdpSocket::start_bind(const Network& network, const IpSocketAddress& local) {
  if (state_ == State::BindStarted) return NetErrorCode::ConcurrencyConflict;
  if (state_ != State::Unbound) return NetErrorCode::InvalidState;
  if (auto c = check_udp_address(local, shared_->family); !c) return c;
  if (!network.policy().allows(local, SocketUse::UdpBind)) return NetErrorCode::AccessDenied;
  const HostSockaddr addr = to_host(local);
  if (bind(shared_->fd.get(), addr.get(), addr.length) != 0) return last_net_error();
  shared_->policy = network.shared_policy();
  state_ = State::BindStarted;
  return Unit{};
}

NetOr<Unit> UdpSocket::finish_bind() {
  if (state_ != State::BindStarted) return NetErrorCode::NotInProgress;
  state_ = State::Bound;
  return Unit{};
}

NetOr<UdpStreams> UdpSocket::stream(const std::optional<IpSocketAddress>& remote) {
  if (state_ != State::Bound) return NetErrorCode::InvalidState;
  const int fd = shared_->fd.get();
  if (remote) {
    if (auto c = check_udp_remote(*remote, shared_->family); !c) return c.error();
    if (!shared_->policy->allows(*remote, SocketUse::UdpConnect)) return NetErrorCode::AccessDenied;
    const HostSockaddr addr = to_host(*remote);
    if (connect(fd, addr.get(), addr.length) != 0) return last_net_error();
    shared_->peer = remote;
  } else if (shared_->peer) {
    sockaddr unspec{};
    unspec.sa_family = AF_UNSPEC;
    if (connect(fd, &unspec, sizeof unspec) != 0 && errno != EAFNOSUPPORT) return last_net_error();
    shared_->peer.reset();
  }
  const uint64_t generation = ++shared_->generation;
  return UdpStreams{IncomingDatagramStream(shared_, generation), OutgoingDatagramStream(shared_, generation)};
}

NetOr<IpSocketAddress> UdpSocket::local_address() const {
  if (state_ != State::Bound) return NetErrorCode::InvalidState;
  return socket_address_of(shared_->fd.get(), getsockname);
}

NetOr<IpSocketAddress> UdpSocket::remote_address() const {
  if (!shared_->peer) return NetErrorCode::InvalidState;
  return socket_address_of(shared_->fd.get(), getpeername);
}

NetOr<uint8_t> UdpSocket::unicast_hop_limit() const { return get_hop_limit(shared_->fd.get(), shared_->family); }
NetOr<Unit> UdpSocket::set_unicast_hop_limit(uint8_t value) {
  return set_hop_limit_option(shared_->fd.get(), shared_->family, value);
}
NetOr<uint64_t> UdpSocket::receive_buffer_size() const { return get_buffer_size(shared_->fd.get(), SO_RCVBUF); }
NetOr<Unit> UdpSocket::set_receive_buffer_size(uint64_t value) {
  return set_buffer_size(shared_->fd.get(), SO_RCVBUF, value);
}
NetOr<uint64_t> UdpSocket::send_buffer_size() const { return get_buffer_size(shared_->fd.get(), SO_SNDBUF); }
NetOr<Unit> UdpSocket::set_send_buffer_size(uint64_t value) {
  return set_buffer_size(shared_->fd.get(), SO_SNDBUF, value);
}

NetOr<std::vector<IncomingDatagram>> IncomingDatagramStream::receive(uint64_t max_results) {
  if (generation_ != shared_->generation) return NetErrorCode::InvalidState;
  std::vector<IncomingDatagram> out;
  const uint64_t wanted = std::min(max_results, kMaxBatch);
  while (out.size() < wanted) {
    std::vector<uint8_t> buffer(kMaxDatagram);
    sockaddr_storage from{};
    socklen_t from_len = sizeof from;
    const ssize_t n = recvfrom(shared_->fd.get(), buffer.data(), buffer.size(), MSG_DONTWAIT,
                               reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      if (out.empty()) return last_net_error();
      break;  // what arrived is delivered; the error shows on the next call
    }
    auto remote = from_host(from);
    if (!remote) continue;
    buffer.resize(static_cast<size_t>(n));
    out.push_back({std::move(buffer), *remote});
  }
  return out;
}

PollTarget IncomingDatagramStream::subscribe() const { return FdReadiness{shared_->fd.get(), POLLIN}; }

NetOr<uint64_t> OutgoingDatagramStream::check_send() {
  if (generation_ != shared_->generation) return NetErrorCode::InvalidState;
  permit_ = fd_ready_now(shared_->fd.get(), POLLOUT) ? kSendPermit : 0;
  return permit_;
}

NetOr<Unit> OutgoingDatagramStream::check_destination(const std::optional<IpSocketAddress>& to) const {
  if (shared_->peer) {
    // Connected: a datagram may name the peer again, nobody else.
    if (to && *to != *shared_->peer) return NetErrorCode::InvalidArgument;
    return Unit{};
  }
  if (!to) return NetErrorCode::InvalidArgument;
  if (auto c = check_udp_remote(*to, shared_->family); !c) return c;
  if (!shared_->policy->allows(*to, SocketUse::UdpOutgoingDatagram)) return NetErrorCode::AccessDenied;
  return Unit{};
}

Result<NetOr<uint64_t>> OutgoingDatagramStream::send(const std::vector<OutgoingDatagram>& datagrams) {
  if (generation_ != shared_->generation) return NetOr<uint64_t>(NetErrorCode::InvalidState);
  if (datagrams.size() > permit_)
    return Error(ErrorKind::Host, "outgoing-datagram-stream.send of " + std::to_string(datagrams.size()) +
                                      " datagrams exceeds the " + std::to_string(permit_) +
                                      " that check-send permitted");
  permit_ -= datagrams.size();
  uint64_t sent = 0;
  for (const OutgoingDatagram& d : datagrams) {
    NetErrorCode failure = NetErrorCode::Unknown;
    bool failed = false;
    if (auto c = check_destination(d.remote_address); !c) {
      failure = c.error();
      failed = true;
    } else {
      ssize_t n;
      do {
        if (shared_->peer) {
          n = ::send(shared_->fd.get(), d.data.data(), d.data.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
        } else {
          const HostSockaddr addr = to_host(*d.remote_address);
          n = sendto(shared_->fd.get(), d.data.data(), d.data.size(), MSG_DONTWAIT | MSG_NOSIGNAL, addr.get(),
                     addr.length);
        }
      } while (n < 0 && errno == EINTR);
      if (n < 0) {
        failure = last_net_error();
        failed = true;
      }
    }
    if (failed) {
      if (sent == 0) return NetOr<uint64_t>(failure);
      break;
    }
    ++sent;
  }
  return NetOr<uint64_t>(sent);
}

PollTarget OutgoingDatagramStream::subscribe() const { return FdReadiness{shared_->fd.get(), POLLOUT}; }

}  // namespace stratus::wasi::p2
