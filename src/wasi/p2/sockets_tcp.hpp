// wasi:sockets/tcp's tcp-socket and tcp-create-socket: the state machine the WIT specifies
// over a nonblocking OS socket.
//
//   unbound --start-bind--> bind-started --finish-bind--> bound --start-listen--> listen-started
//     |                                                     |       --finish-listen--> listening
//     +------------------start-connect----------------------+--> connect-started
//                                                                --finish-connect--> connected
//
// A failed connect leaves the socket closed. A call in the wrong state is invalid-state, one
// while another operation is started and not finished concurrency-conflict, a finish-* with
// nothing started not-in-progress. Binding and connecting need the network's permission for
// the address (access-denied otherwise); creating needs TCP to be allowed at all.
#pragma once

#include <memory>
#include <optional>

#include "wasi/p2/sockets_address.hpp"
#include "wasi/p2/pollable.hpp"
#include "wasi/p2/sockets_error.hpp"
#include "wasi/p2/sockets_policy.hpp"
#include "wasi/unique_fd.hpp"

namespace stratus::wasi::p2 {

enum class ShutdownType : uint8_t { Receive, Send, Both };


class TcpSocket {
 public:
  // tcp-create-socket.create-tcp-socket.
  static NetOr<TcpSocket> create(IpAddressFamily family, const SocketPolicy& policy);

  NetOr<Unit> start_bind(const Network& network, const IpSocketAddress& local);
  NetOr<Unit> finish_bind();
  NetOr<Unit> start_connect(const Network& network, const IpSocketAddress& remote);
  // would-block until the connection is made. The connection's streams are wasi:io's fd
  // streams over host_fd(), children of the socket, so they never outlive its descriptor.
  NetOr<Unit> finish_connect();
  NetOr<Unit> start_listen();
  NetOr<Unit> finish_listen();
  // A connected socket, whose streams are made as finish-connect's are; would-block while
  // nobody is waiting.
  NetOr<TcpSocket> accept();
  NetOr<IpSocketAddress> local_address() const;
  NetOr<IpSocketAddress> remote_address() const;
  bool is_listening() const { return state_ == State::Listening; }
  bool is_connected() const { return state_ == State::Connected; }
  bool is_unbound() const { return state_ == State::Unbound; }
  IpAddressFamily address_family() const { return family_; }
  NetOr<Unit> set_listen_backlog_size(uint64_t value);
  NetOr<bool> keep_alive_enabled() const;
  NetOr<Unit> set_keep_alive_enabled(bool value);
  NetOr<uint64_t> keep_alive_idle_time() const;  // nanoseconds (wasi:clocks duration)
  NetOr<Unit> set_keep_alive_idle_time(uint64_t value);
  NetOr<uint64_t> keep_alive_interval() const;
  NetOr<Unit> set_keep_alive_interval(uint64_t value);
  NetOr<uint32_t> keep_alive_count() const;
  NetOr<Unit> set_keep_alive_count(uint32_t value);
  NetOr<uint8_t> hop_limit() const;
  NetOr<Unit> set_hop_limit(uint8_t value);
  NetOr<uint64_t> receive_buffer_size() const;
  NetOr<Unit> set_receive_buffer_size(uint64_t value);
  NetOr<uint64_t> send_buffer_size() const;
  NetOr<Unit> set_send_buffer_size(uint64_t value);
  // Ready when a started connect has an outcome, when a listener has a client waiting, and
  // at once otherwise.
  PollTarget subscribe() const;
  NetOr<Unit> shutdown(ShutdownType how);

  int host_fd() const { return fd_->get(); }

 private:
  enum class State { Unbound, BindStarted, Bound, ListenStarted, Listening, ConnectStarted, Connected, Closed };
  TcpSocket(UniqueFd fd, IpAddressFamily family, State state);
  NetOr<Unit> check_address(const IpSocketAddress& address) const;

  std::shared_ptr<UniqueFd> fd_;
  IpAddressFamily family_;
  State state_;
  bool connect_done_ = false;  // the kernel connected at once, before finish-connect
  int backlog_ = 128;
};

}  // namespace stratus::wasi::p2
