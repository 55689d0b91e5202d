#include "wasi/p3/sockets_udp.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <utility>

#include "stratus/component/async.hpp"
#include "wasi/p2/sockets_options.hpp"
#include "wasi/p2/sockets_udp.hpp"

namespace stratus::wasi::p3 {

using component::EventLoop;

namespace {

// The largest UDP payload: no datagram needs a bigger buffer, and none larger can be sent.
constexpr size_t kMaxDatagram = 65535;

p2::IpSocketAddress unspecified(p2::IpAddressFamily family) {
  return family == p2::IpAddressFamily::Ipv4 ? p2::IpSocketAddress::v4({}, 0) : p2::IpSocketAddress::v6({}, 0);
}

SocketResult failed(p2::NetErrorCode code) { return SocketResult::err(to_wit(code)); }

}  // namespace

p2::NetOr<std::shared_ptr<UdpSocketState>> UdpSocketState::create(p2::IpAddressFamily family,
                                                                   std::shared_ptr<const p2::SocketPolicy> policy) {
  if (!policy->udp) return p2::NetErrorCode::AccessDenied;
  auto fd = p2::open_socket(family, SOCK_DGRAM);
  if (!fd) return fd.error();
  return std::make_shared<UdpSocketState>(std::move(*fd), family, std::move(policy));
}

p2::NetOr<p2::Unit> UdpSocketState::bind(const p2::IpSocketAddress& local) {
  if (bound_) return p2::NetErrorCode::InvalidState;
  if (auto c = p2::check_udp_address(local, family_); !c) return c;
  if (!policy_->allows(local, p2::SocketUse::UdpBind)) return p2::NetErrorCode::AccessDenied;
  const p2::HostSockaddr addr = p2::to_host(local);
  if (::bind(fd_.get(), addr.get(), addr.length) != 0) return p2::last_net_error();
  bound_ = true;
  return p2::Unit{};
}

p2::NetOr<p2::Unit> UdpSocketState::check_implicit_bind() const {
  if (bound_ || policy_->allows(unspecified(family_), p2::SocketUse::UdpBind)) return p2::Unit{};
  return p2::NetErrorCode::AccessDenied;
}

p2::NetOr<p2::Unit> UdpSocketState::connect(const p2::IpSocketAddress& remote) {
  if (auto c = p2::check_udp_remote(remote, family_); !c) return c;
  if (!policy_->allows(remote, p2::SocketUse::UdpConnect)) return p2::NetErrorCode::AccessDenied;
  if (auto c = check_implicit_bind(); !c) return c;
  const p2::HostSockaddr addr = p2::to_host(remote);
  if (::connect(fd_.get(), addr.get(), addr.length) != 0) return p2::last_net_error();
  bound_ = true;
  peer_ = remote;
  return p2::Unit{};
}

p2::NetOr<p2::Unit> UdpSocketState::disconnect() {
  if (!peer_) return p2::NetErrorCode::InvalidState;
  sockaddr unspec{};
  unspec.sa_family = AF_UNSPEC;
  if (::connect(fd_.get(), &unspec, sizeof unspec) != 0 && errno != EAFNOSUPPORT) return p2::last_net_error();
  peer_.reset();
  return p2::Unit{};
}

void UdpSocketState::send(std::vector<uint8_t> data, std::optional<p2::IpSocketAddress> remote,
                          bindings::AsyncReturn<SocketResult> reply) {
  auto refuse = [&reply](p2::NetErrorCode code) { (void)reply.resolve(failed(code)); };
  if (peer_) {
    if (remote && *remote != *peer_) return refuse(p2::NetErrorCode::InvalidArgument);
    remote.reset();  // send(2) to the connected peer
  } else {
    if (!remote) return refuse(p2::NetErrorCode::InvalidArgument);
    if (auto c = p2::check_udp_remote(*remote, family_); !c) return refuse(c.error());
    if (!policy_->allows(*remote, p2::SocketUse::UdpOutgoingDatagram)) return refuse(p2::NetErrorCode::AccessDenied);
    if (auto c = check_implicit_bind(); !c) return refuse(c.error());
  }
  if (data.size() > kMaxDatagram) return refuse(p2::NetErrorCode::DatagramTooLarge);
  reply.on_cancel([reply]() mutable { (void)reply.cancelled(); });
  send_now(std::make_shared<const std::vector<uint8_t>>(std::move(data)), std::move(remote), std::move(reply));
}

void UdpSocketState::send_now(std::shared_ptr<const std::vector<uint8_t>> data, std::optional<p2::IpSocketAddress> to,
                              bindings::AsyncReturn<SocketResult> reply) {
  if (reply.done()) return;
  ssize_t n;
  do {
    if (to) {
      const p2::HostSockaddr addr = p2::to_host(*to);
      n = ::sendto(fd_.get(), data->data(), data->size(), MSG_DONTWAIT | MSG_NOSIGNAL, addr.get(), addr.length);
    } else {
      n = ::send(fd_.get(), data->data(), data->size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    }
  } while (n < 0 && errno == EINTR);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
    EventLoop::current().watch_fd(fd_.get(), EventLoop::Writable,
                                  [weak = weak_from_this(), data, to, reply]() mutable {
                                    // The guest lends the socket for the call, so it outlives the wait.
                                    if (auto self = weak.lock()) self->send_now(data, to, std::move(reply));
                                  });
    return;
  }
  if (n < 0) {
    (void)reply.resolve(failed(p2::last_net_error()));
    return;
  }
  bound_ = true;  // the kernel bound it, if nobody had
  (void)reply.resolve(SocketResult::ok(std::monostate{}));
}

void UdpSocketState::receive(bindings::AsyncReturn<ReceiveResult> reply) {
  if (!bound_) {
    (void)reply.resolve(ReceiveResult::err(wsock::ErrorCode::invalid_state()));
    return;
  }
  reply.on_cancel([reply]() mutable { (void)reply.cancelled(); });
  receive_now(std::move(reply));
}

void UdpSocketState::receive_now(bindings::AsyncReturn<ReceiveResult> reply) {
  if (reply.done()) return;
  std::vector<uint8_t> buffer(kMaxDatagram);
  sockaddr_storage from{};
  socklen_t from_len = sizeof from;
  ssize_t n;
  do {
    n = ::recvfrom(fd_.get(), buffer.data(), buffer.size(), MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&from),
                   &from_len);
  } while (n < 0 && errno == EINTR);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
    EventLoop::current().watch_fd(fd_.get(), EventLoop::Readable, [weak = weak_from_this(), reply]() mutable {
      if (auto self = weak.lock()) self->receive_now(std::move(reply));
    });
    return;
  }
  if (n < 0) {
    (void)reply.resolve(ReceiveResult::err(to_wit(p2::last_net_error())));
    return;
  }
  auto sender = p2::from_host(from);
  if (!sender) {
    receive_now(std::move(reply));  // not an IP datagram: wait for the next
    return;
  }
  buffer.resize(static_cast<size_t>(n));
  (void)reply.resolve(ReceiveResult::ok(Datagram(std::move(buffer), to_wit(*sender))));
}

p2::NetOr<p2::IpSocketAddress> UdpSocketState::local_address() const {
  if (!bound_) return p2::NetErrorCode::InvalidState;
  return p2::socket_address_of(fd_.get(), getsockname);
}

p2::NetOr<p2::IpSocketAddress> UdpSocketState::remote_address() const {
  if (!peer_) return p2::NetErrorCode::InvalidState;
  return p2::socket_address_of(fd_.get(), getpeername);
}

}  // namespace stratus::wasi::p3
