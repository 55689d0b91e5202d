// wasi:sockets/udp's udp-socket, its datagram streams, and udp-create-socket.
//
// unbound --start-bind--> bind-started --finish-bind--> bound; `stream` then connects the
// socket to one peer (or to none) and hands out a fresh pair of datagram streams, after which
// the pair from an earlier `stream` answers invalid-state. Sending needs the network's
// permission for each destination (access-denied otherwise); a send of more datagrams than
// check-send permitted traps.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "stratus/result.hpp"
#include "wasi/p2/sockets_address.hpp"
#include "wasi/p2/pollable.hpp"
#include "wasi/p2/sockets_error.hpp"
#include "wasi/p2/sockets_policy.hpp"
#include "wasi/unique_fd.hpp"

namespace stratus::wasi::p2 {

// A UDP socket's own address must be of its family and not IPv4-mapped (invalid-argument).
NetOr<Unit> check_udp_address(const IpSocketAddress& address, IpAddressFamily family);
// A peer must also be a real unicast address with a port.
NetOr<Unit> check_udp_remote(const IpSocketAddress& address, IpAddressFamily family);

struct IncomingDatagram {
  std::vector<uint8_t> data;
  IpSocketAddress remote_address;
};

struct OutgoingDatagram {
  std::vector<uint8_t> data;
  std::optional<IpSocketAddress> remote_address;
};

// What a socket and the streams it handed out share.
struct UdpShared {
  UniqueFd fd;
  IpAddressFamily family;
  std::shared_ptr<const SocketPolicy> policy;  // the network's, from start-bind
  std::optional<IpSocketAddress> peer;          // set by `stream(some(address))`
  uint64_t generation = 0;                      // bumped by each `stream`
};

class IncomingDatagramStream {
 public:
  // Up to min(max_results, kMaxBatch) datagrams that have arrived; none is an empty list.
  NetOr<std::vector<IncomingDatagram>> receive(uint64_t max_results);
  PollTarget subscribe() const;

  static constexpr uint64_t kMaxBatch = 16;

 private:
  friend class UdpSocket;
  IncomingDatagramStream(std::shared_ptr<UdpShared> s, uint64_t g) : shared_(std::move(s)), generation_(g) {}
  std::shared_ptr<UdpShared> shared_;
  uint64_t generation_;
};

class OutgoingDatagramStream {
 public:
  // How many datagrams send() may take now.
  NetOr<uint64_t> check_send();
  // The number sent; an error only when the first could not be. More datagrams than the
  // last check-send permitted is the outer Error (a trap).
  Result<NetOr<uint64_t>> send(const std::vector<OutgoingDatagram>& datagrams);
  PollTarget subscribe() const;

  static constexpr uint64_t kSendPermit = 16;

 private:
  friend class UdpSocket;
  OutgoingDatagramStream(std::shared_ptr<UdpShared> s, uint64_t g) : shared_(std::move(s)), generation_(g) {}
  NetOr<Unit> check_destination(const std::optional<IpSocketAddress>& to) const;
  std::shared_ptr<UdpShared> shared_;
  uint64_t generation_;
  uint64_t permit_ = 0;
};

struct UdpStreams {
  IncomingDatagramStream incoming;
  OutgoingDatagramStream outgoing;
};

class UdpSocket {
 public:
  // udp-create-socket.create-udp-socket.
  static NetOr<UdpSocket> create(IpAddressFamily family, const SocketPolicy& policy);

  NetOr<Unit> start_bind(const Network& network, const IpSocketAddress& local);
  NetOr<Unit> finish_bind();
  NetOr<UdpStreams> stream(const std::optional<IpSocketAddress>& remote);
  NetOr<IpSocketAddress> local_address() const;
  NetOr<IpSocketAddress> remote_address() const;
  IpAddressFamily address_family() const { return shared_->family; }
  NetOr<uint8_t> unicast_hop_limit() const;
  NetOr<Unit> set_unicast_hop_limit(uint8_t value);
  NetOr<uint64_t> receive_buffer_size() const;
  NetOr<Unit> set_receive_buffer_size(uint64_t value);
  NetOr<uint64_t> send_buffer_size() const;
  NetOr<Unit> set_send_buffer_size(uint64_t value);
  // The socket itself never waits on anything; its streams do.
  PollTarget subscribe() const { return ReadyNow{}; }

 private:
  enum class State { Unbound, BindStarted, Bound };
  explicit UdpSocket(std::shared_ptr<UdpShared> shared) : shared_(std::move(shared)) {}
  std::shared_ptr<UdpShared> shared_;
  State state_ = State::Unbound;
};

}  // namespace stratus::wasi::p2
