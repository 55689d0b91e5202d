#include "wasi/p3/sockets_tcp.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <utility>

namespace stratus::wasi::p3 {

using component::CopyResult;
using component::EventLoop;
using component::Val;

namespace {

// The most one step moves between the kernel and a stream.
constexpr uint32_t kChunk = 64 * 1024;

SocketResult ok() { return SocketResult::ok(std::monostate{}); }
SocketResult failed(p2::NetErrorCode code) { return SocketResult::err(to_wit(code)); }

// The error of the send(2) that just failed; a peer that is gone is 0.3's connection-broken.
SocketResult send_failure() {
  if (errno == EPIPE) return SocketResult::err(wsock::ErrorCode::connection_broken());
  return failed(p2::last_net_error());
}

// Pump state ends from inside its own ends' callbacks, which may run inside the copy call on
// that end: it goes at the loop's next turn, once that call has returned.
template <class T>
void release_later(std::unique_ptr<T> gone) {
  if (gone) EventLoop::current().post([gone = std::shared_ptr<T>(std::move(gone))] {});
}

p2::IpSocketAddress unspecified(p2::IpAddressFamily family) {
  return family == p2::IpAddressFamily::Ipv4 ? p2::IpSocketAddress::v4({}, 0) : p2::IpSocketAddress::v6({}, 0);
}

}  // namespace

struct TcpSocketState::Accepting {
  component::StreamWriter writer;
  AdoptSocket adopt;
};

struct TcpSocketState::Sending {
  component::StreamReader reader;
  component::FutureWriter result;
  std::vector<uint8_t> pending;  // read from the guest, not yet taken by the kernel
  size_t offset = 0;
};

struct TcpSocketState::Receiving {
  component::StreamWriter writer;
  component::FutureWriter result;
  std::vector<uint8_t> pending;  // from the kernel, not yet taken by the guest
};

TcpSocketState::TcpSocketState(Store& store, p2::TcpSocket socket, std::shared_ptr<const p2::SocketPolicy> policy)
    : store_(&store), socket_(std::move(socket)), network_(std::move(policy)) {}
TcpSocketState::~TcpSocketState() = default;

Result<void> resolve_future(Store& store, component::FutureWriter writer, const SocketResult& result) {
  const bindings::ResourceTypes no_resources;
  bindings::Context cx(store, no_resources);
  auto value = bindings::Convert<SocketResult>::to_val(cx, result);
  if (!value) return value.error();
  // The callback holds the end until the guest has read the value (or dropped its end).
  auto held = std::make_shared<component::FutureWriter>(std::move(writer));
  return held->write(std::move(*value), [held](CopyResult) {});
}

Result<ResultFuture> resolved_future(Store& store, const SocketResult& result) {
  auto future = component::FuturePair::make(store);
  if (!future) return future.error();
  if (auto r = resolve_future(store, std::move(future->writer), result); !r) return r.error();
  return ResultFuture{future->guest_end};
}

p2::NetOr<p2::Unit> TcpSocketState::bind(const p2::IpSocketAddress& local) {
  if (auto r = socket_.start_bind(network_, local); !r) return r;
  return socket_.finish_bind();
}

void TcpSocketState::connect(const p2::IpSocketAddress& remote, bindings::AsyncReturn<SocketResult> reply) {
  if (auto r = socket_.start_connect(network_, remote); !r) {
    (void)reply.resolve(failed(r.error()));
    return;
  }
  // A cancelled connect leaves the socket connect-started: a later connect is invalid-state.
  reply.on_cancel([reply]() mutable { (void)reply.cancelled(); });
  finish_connect(std::move(reply));
}

void TcpSocketState::finish_connect(bindings::AsyncReturn<SocketResult> reply) {
  if (reply.done()) return;
  auto finished = socket_.finish_connect();
  if (finished || finished.error() != p2::NetErrorCode::WouldBlock) {
    (void)reply.resolve(finished ? ok() : failed(finished.error()));
    return;
  }
  EventLoop::current().watch_fd(socket_.host_fd(), EventLoop::Writable, [weak = weak_from_this(), reply]() mutable {
    // The guest lends the socket for the call, so it outlives the wait.
    if (auto self = weak.lock()) self->finish_connect(std::move(reply));
  });
}

Result<bindings::WitResult<SocketStream, wsock::ErrorCode>> TcpSocketState::listen(AdoptSocket adopt) {
  using W = bindings::WitResult<SocketStream, wsock::ErrorCode>;
  if (socket_.is_unbound()) {
    if (auto r = bind(unspecified(socket_.address_family())); !r) return W::err(to_wit(r.error()));
  }
  if (auto r = socket_.start_listen(); !r) return W::err(to_wit(r.error()));
  (void)socket_.finish_listen();
  auto pair = component::StreamPair::make(*store_);
  if (!pair) return pair.error();
  accepting_ = std::make_unique<Accepting>(Accepting{std::move(pair->writer), std::move(adopt)});
  accept_next();
  return W::ok(SocketStream{pair->guest_end});
}

// A zero-length write completes when the guest reads, so no connection is taken before the
// guest asks for one, and a guest that drops the stream is seen at once.
void TcpSocketState::accept_next() {
  auto waited = accepting_->writer.write({}, [weak = weak_from_this()](CopyResult r, uint32_t) {
    auto self = weak.lock();
    if (!self || !self->accepting_) return;
    if (r != CopyResult::Completed) {
      self->stop_accepting();
      return;
    }
    self->accept_one();
  });
  if (!waited) stop_accepting();
}

void TcpSocketState::accept_one() {
  auto client = socket_.accept();
  if (!client) {
    // would-block, or a connection that went before it was taken: wait for the next.
    EventLoop::current().watch_fd(socket_.host_fd(), EventLoop::Readable, [weak = weak_from_this()] {
      if (auto self = weak.lock(); self && self->accepting_) self->accept_one();
    });
    return;
  }
  auto value = accepting_->adopt(std::move(*client));
  if (!value) {
    stop_accepting();  // the guest's table is full: its stream ends
    return;
  }
  std::vector<Val> values;
  values.push_back(std::move(*value));
  auto written = accepting_->writer.write(std::move(values), [weak = weak_from_this()](CopyResult r, uint32_t n) {
    auto self = weak.lock();
    if (!self || !self->accepting_) return;
    if (r == CopyResult::Completed && n == 1)
      self->accept_next();
    else
      self->stop_accepting();
  });
  if (!written) stop_accepting();
}

void TcpSocketState::stop_accepting() {
  accepting_->writer.drop();
  release_later(std::move(accepting_));
}

Result<ResultFuture> TcpSocketState::send(ByteStream data) {
  auto reader = component::StreamReader::take(*store_, data.end);
  if (!reader) return reader.error();
  if (!socket_.is_connected() || sending_ || sent_) {
    reader->drop();
    return resolved_future(*store_, failed(p2::NetErrorCode::InvalidState));
  }
  auto future = component::FuturePair::make(*store_);
  if (!future) return future.error();
  sending_ = std::make_unique<Sending>(Sending{std::move(*reader), std::move(future->writer), {}, 0});
  send_next();
  return ResultFuture{future->guest_end};
}

void TcpSocketState::send_next() {
  auto read = sending_->reader.read_bytes(kChunk, [weak = weak_from_this()](CopyResult r, std::vector<uint8_t> bytes) {
    auto self = weak.lock();
    if (!self || !self->sending_) return;
    self->sending_->pending = std::move(bytes);
    self->sending_->offset = 0;
    // Dropped: the guest's last bytes (it closed its end), then the socket's sending side.
    self->send_pending(r != CopyResult::Completed);
  });
  if (!read) finish_send(SocketResult::err(wsock::ErrorCode::other(read.error().message())));
}

void TcpSocketState::send_pending(bool last) {
  Sending& s = *sending_;
  const int fd = socket_.host_fd();
  while (s.offset < s.pending.size()) {
    const ssize_t n = ::send(fd, s.pending.data() + s.offset, s.pending.size() - s.offset, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n >= 0) {
      s.offset += static_cast<size_t>(n);
      continue;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      EventLoop::current().watch_fd(fd, EventLoop::Writable, [weak = weak_from_this(), last] {
        if (auto self = weak.lock(); self && self->sending_) self->send_pending(last);
      });
      return;
    }
    finish_send(send_failure());
    return;
  }
  if (!last) {
    send_next();
    return;
  }
  // The guest closed its stream: POSIX's shutdown(SHUT_WR), as the WIT says.
  (void)::shutdown(fd, SHUT_WR);
  finish_send(ok());
}

void TcpSocketState::finish_send(SocketResult result) {
  std::unique_ptr<Sending> s = std::move(sending_);
  sent_ = true;
  s->reader.drop();
  (void)resolve_future(*store_, std::move(s->result), result);
  release_later(std::move(s));
}

Result<std::tuple<ByteStream, ResultFuture>> TcpSocketState::receive() {
  auto stream = component::StreamPair::make(*store_);
  if (!stream) return stream.error();
  if (!socket_.is_connected() || received_) {
    stream->writer.drop();
    auto future = resolved_future(*store_, failed(p2::NetErrorCode::InvalidState));
    if (!future) return future.error();
    return std::tuple<ByteStream, ResultFuture>(ByteStream{stream->guest_end}, *future);
  }
  auto future = component::FuturePair::make(*store_);
  if (!future) return future.error();
  received_ = true;
  receiving_ = std::make_unique<Receiving>(Receiving{std::move(stream->writer), std::move(future->writer), {}});
  receive_next();
  return std::tuple<ByteStream, ResultFuture>(ByteStream{stream->guest_end}, ResultFuture{future->guest_end});
}

// As accept_next: wait for the guest's read before taking bytes from the kernel.
void TcpSocketState::receive_next() {
  auto waited = receiving_->writer.write_bytes({}, [weak = weak_from_this()](CopyResult r, uint32_t) {
    auto self = weak.lock();
    if (!self || !self->receiving_) return;
    if (r != CopyResult::Completed) {
      self->receive_dropped();
      return;
    }
    self->receive_from_socket();
  });
  if (!waited) finish_receive(SocketResult::err(wsock::ErrorCode::other(waited.error().message())));
}

void TcpSocketState::receive_from_socket() {
  const int fd = socket_.host_fd();
  std::vector<uint8_t> buffer(kChunk);
  ssize_t n;
  do {
    n = ::recv(fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
    EventLoop::current().watch_fd(fd, EventLoop::Readable, [weak = weak_from_this()] {
      if (auto self = weak.lock(); self && self->receiving_) self->receive_from_socket();
    });
    return;
  }
  if (n < 0) {
    finish_receive(failed(p2::last_net_error()));
    return;
  }
  if (n == 0) {
    finish_receive(ok());  // the peer shut its sending side
    return;
  }
  buffer.resize(static_cast<size_t>(n));
  receiving_->pending = std::move(buffer);
  offer_received();
}

void TcpSocketState::offer_received() {
  auto on_taken = [weak = weak_from_this()](CopyResult r, uint32_t n) {
    auto self = weak.lock();
    if (!self || !self->receiving_) return;
    auto& pending = self->receiving_->pending;
    pending.erase(pending.begin(), pending.begin() + std::min<size_t>(n, pending.size()));
    if (r == CopyResult::Dropped) {
      self->receive_dropped();
      return;
    }
    if (!pending.empty())
      self->offer_received();
    else
      self->receive_next();
  };
  auto written = receiving_->writer.write_bytes(receiving_->pending, std::move(on_taken));
  if (!written) finish_receive(SocketResult::err(wsock::ErrorCode::other(written.error().message())));
}

// The guest dropped its stream: POSIX's shutdown(SHUT_RD), as the WIT says.
void TcpSocketState::receive_dropped() {
  (void)::shutdown(socket_.host_fd(), SHUT_RD);
  finish_receive(ok());
}

void TcpSocketState::finish_receive(SocketResult result) {
  std::unique_ptr<Receiving> r = std::move(receiving_);
  r->writer.drop();
  (void)resolve_future(*store_, std::move(r->result), result);
  release_later(std::move(r));
}

}  // namespace stratus::wasi::p3
