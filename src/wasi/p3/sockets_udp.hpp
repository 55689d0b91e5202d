// wasi:sockets@0.3.0's udp-socket on a nonblocking OS socket, with WASI 0.2's address checks,
// options and permissions. 0.3 has no datagram streams: send and receive are async calls that
// wait on the thread's EventLoop, and connect and disconnect set the socket's peer directly.
// An unbound socket that connects or sends is bound by the kernel, under the permission an
// explicit bind to the unspecified address would need (wasmtime's rule).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <tuple>
#include <vector>

#include "stratus/component/bindings_async.hpp"
#include "wasi/p2/sockets_address.hpp"
#include "wasi/p2/sockets_error.hpp"
#include "wasi/p2/sockets_policy.hpp"
#include "wasi/p3/sockets_tcp.hpp"
#include "wasi/unique_fd.hpp"

namespace stratus::wasi::p3 {

using Datagram = std::tuple<std::vector<uint8_t>, wsock::IpSocketAddress>;
using ReceiveResult = bindings::WitResult<Datagram, wsock::ErrorCode>;

class UdpSocketState : public std::enable_shared_from_this<UdpSocketState> {
 public:
  // access-denied when the policy forbids UDP.
  static p2::NetOr<std::shared_ptr<UdpSocketState>> create(p2::IpAddressFamily family,
                                                           std::shared_ptr<const p2::SocketPolicy> policy);

  p2::NetOr<p2::Unit> bind(const p2::IpSocketAddress& local);
  p2::NetOr<p2::Unit> connect(const p2::IpSocketAddress& remote);
  p2::NetOr<p2::Unit> disconnect();
  // A connected socket sends to its peer (naming another is invalid-argument); an
  // unconnected one needs `remote`.
  void send(std::vector<uint8_t> data, std::optional<p2::IpSocketAddress> remote,
            bindings::AsyncReturn<SocketResult> reply);
  // The next datagram; invalid-state before the socket is bound.
  void receive(bindings::AsyncReturn<ReceiveResult> reply);

  p2::NetOr<p2::IpSocketAddress> local_address() const;
  p2::NetOr<p2::IpSocketAddress> remote_address() const;
  p2::IpAddressFamily address_family() const { return family_; }
  int host_fd() const { return fd_.get(); }

  UdpSocketState(UniqueFd fd, p2::IpAddressFamily family, std::shared_ptr<const p2::SocketPolicy> policy)
      : fd_(std::move(fd)), family_(family), policy_(std::move(policy)) {}

 private:
  p2::NetOr<p2::Unit> check_implicit_bind() const;
  void send_now(std::shared_ptr<const std::vector<uint8_t>> data, std::optional<p2::IpSocketAddress> to,
                bindings::AsyncReturn<SocketResult> reply);
  void receive_now(bindings::AsyncReturn<ReceiveResult> reply);

  UniqueFd fd_;
  p2::IpAddressFamily family_;
  std::shared_ptr<const p2::SocketPolicy> policy_;
  bool bound_ = false;
  std::optional<p2::IpSocketAddress> peer_;
};

}  // namespace stratus::wasi::p3
