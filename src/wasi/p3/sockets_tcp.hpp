// wasi:sockets@0.3.0's tcp-socket: WASI 0.2's TcpSocket state machine (bind and listen take
// both of its steps at once), with what 0.3 adds on the thread's EventLoop: connect waits for
// the kernel there, listen hands out accepted sockets through a stream, and send and receive
// move bytes between the socket and the guest's stream<u8>, each with a future for how it ended.
//
// The pumps hold the socket weakly: when the guest drops the tcp-socket (or its Store goes,
// which drops it), its descriptor closes and the streams it handed out end with it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <tuple>
#include <vector>

#include "stratus/component/async.hpp"
#include "stratus/component/bindings_async.hpp"
#include "wasi/p2/sockets_policy.hpp"
#include "wasi/p2/sockets_tcp.hpp"
#include "wasi/p3/sockets_convert.hpp"

namespace stratus::wasi::p3 {

namespace bindings = component::bindings;

using SocketResult = bindings::WitResult<std::monostate, wsock::ErrorCode>;
using ResultFuture = bindings::Future<SocketResult>;
using SocketStream = bindings::Stream<bindings::Own<wsock::TcpSocket>>;
using ByteStream = bindings::Stream<uint8_t>;

// Makes an accepted connection the guest's: its own<tcp-socket> as a Val.
using AdoptSocket = std::function<Result<component::Val>(p2::TcpSocket)>;

class TcpSocketState : public std::enable_shared_from_this<TcpSocketState> {
 public:
  // `store`: the Store whose guest holds the socket (the socket goes before it does).
  TcpSocketState(Store& store, p2::TcpSocket socket, std::shared_ptr<const p2::SocketPolicy> policy);
  ~TcpSocketState();

  p2::TcpSocket& socket() { return socket_; }
  p2::NetOr<p2::Unit> bind(const p2::IpSocketAddress& local);
  void connect(const p2::IpSocketAddress& remote, bindings::AsyncReturn<SocketResult> reply);
  // An unbound socket is bound to the unspecified address first (as wasmtime does: Linux
  // would, other systems would not), under the same permission as an explicit bind.
  Result<bindings::WitResult<SocketStream, wsock::ErrorCode>> listen(AdoptSocket adopt);
  // A socket sends one stream at a time and receives once; another call's future says
  // invalid-state, as it does on a socket that is not connected.
  Result<ResultFuture> send(ByteStream data);
  Result<std::tuple<ByteStream, ResultFuture>> receive();

 private:
  struct Accepting;
  struct Sending;
  struct Receiving;
  // The pumps' steps; each goes on from a copy's callback or the EventLoop.
  void finish_connect(bindings::AsyncReturn<SocketResult> reply);
  void accept_next();
  void accept_one();
  void stop_accepting();
  void send_next();
  void send_pending(bool last);
  void finish_send(SocketResult result);
  void receive_next();
  void receive_from_socket();
  void offer_received();
  void receive_dropped();
  void finish_receive(SocketResult result);

  Store* store_;
  p2::TcpSocket socket_;
  p2::Network network_;
  std::unique_ptr<Accepting> accepting_;
  std::unique_ptr<Sending> sending_;
  std::unique_ptr<Receiving> receiving_;
  bool sent_ = false;       // a send stream ended: the socket's sending side is shut
  bool received_ = false;  // receive was called
};

// Writes `result` to a future the host made, keeping its end until the guest has read it.
Result<void> resolve_future(Store& store, component::FutureWriter writer, const SocketResult& result);

// A future<result<_, error-code>> already resolved with `result`.
Result<ResultFuture> resolved_future(Store& store, const SocketResult& result);

}  // namespace stratus::wasi::p3
