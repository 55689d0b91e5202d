#include "wasi/p2/sockets_tcp.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <climits>

#include "wasi/p2/sockets_options.hpp"

namespace stratus::wasi::p2 {
namespace {

// Linux refuses keep-alive times above this many seconds, and counts above 127.
constexpr uint64_t kMaxKeepAliveSeconds = 32767;
constexpr uint32_t kMaxKeepAliveCount = 127;
constexpr uint64_t kNanosPerSecond = 1'000'000'000;

// Durations are nanoseconds; the kernel keeps whole seconds, so round up (never to zero).
NetOr<Unit> set_seconds_option(int fd, int name, uint64_t nanos) {
  if (nanos == 0) return NetErrorCode::InvalidArgument;
  const uint64_t seconds = std::min(nanos / kNanosPerSecond + (nanos % kNanosPerSecond != 0), kMaxKeepAliveSeconds);
  return set_int_option(fd, IPPROTO_TCP, name, static_cast<int>(seconds));
}

NetOr<uint64_t> get_seconds_option(int fd, int name) {
  auto v = get_int_option(fd, IPPROTO_TCP, name);
  if (!v) return v.error();
  return static_cast<uint64_t>(*v) * kNanosPerSecond;
}

}  // namespace

TcpSocket::TcpSocket(UniqueFd fd, IpAddressFamily family, State state)
    : fd_(std::make_shared<UniqueFd>(std::move(fd))), family_(family), state_(state) {}

NetOr<TcpSocket> TcpSocket::create(IpAddressFamily family, const SocketPolicy& policy) {
  if (!policy.tcp) return NetErrorCode::AccessDenied;
  auto fd = open_socket(family, SOCK_STREAM);
  if (!fd) return fd.error();
  return TcpSocket(std::move(*fd), family, State::Unbound);
}

NetOr<Unit> TcpSocket::check_address(const IpSocketAddress& address) const {
  if (address.family() != family_) return NetErrorCode::InvalidArgument;
  const IpAddress ip = address.ip();
  // WASI sockets are one family each: an IPv4-mapped IPv6 address would cross over.
  if (is_ipv4_mapped(ip) || is_multicast_or_broadcast(ip)) return NetErrorCode::InvalidArgument;
  return Unit{};
}

NetOr<Unit> TcpSocket::start_bind(const Network& network, const IpSocketAddress& local) {
  if (state_ == State::BindStarted) return NetErrorCode::ConcurrencyConflict;
  if (state_ != State::Unbound) return NetErrorCode::InvalidState;
  if (auto c = check_address(local); !c) return c;
  if (!network.policy().allows(local, SocketUse::TcpBind)) return NetErrorCode::AccessDenied;
  // As wasmtime does: a restarted server can take its port back from TIME_WAIT connections.
  if (auto r = set_int_option(fd_->get(), SOL_SOCKET, SO_REUSEADDR, 1); !r) return r;
  const HostSockaddr addr = to_host(local);
  if (bind(fd_->get(), addr.get(), addr.length) != 0) return last_net_error();
  state_ = State::BindStarted;
  return Unit{};
}

NetOr<Unit> TcpSocket::finish_bind() {
  if (state_ != State::BindStarted) return NetErrorCode::NotInProgress;
  state_ = State::Bound;
  return Unit{};
}

NetOr<Unit> TcpSocket::start_connect(const Network& network, const IpSocketAddress& remote) {
  switch (state_) {
    case State::Unbound:
    case State::Bound: break;
    case State::BindStarted:
    case State::ListenStarted:
    case State::ConnectStarted: return NetErrorCode::ConcurrencyConflict;
    default: return NetErrorCode::InvalidState;
  }
  if (auto c = check_address(remote); !c) return c;
  if (is_unspecified(remote.ip()) || remote.port() == 0) return NetErrorCode::InvalidArgument;
  if (!network.policy().allows(remote, SocketUse::TcpConnect)) return NetErrorCode::AccessDenied;
  const HostSockaddr addr = to_host(remote);
  int rc;
  do {
    rc = connect(fd_->get(), addr.get(), addr.length);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0 && errno != EINPROGRESS) {
    const NetErrorCode code = last_net_error();
    state_ = State::Closed;
    return code;
  }
  connect_done_ = rc == 0;
  state_ = State::ConnectStarted;
  return Unit{};
}

NetOr<Unit> TcpSocket::finish_connect() {
  if (state_ != State::ConnectStarted) return NetErrorCode::NotInProgress;
  if (!connect_done_) {
    if (!fd_ready_now(fd_->get(), POLLOUT)) return NetErrorCode::WouldBlock;
    int error = 0;
    socklen_t len = sizeof error;
    if (getsockopt(fd_->get(), SOL_SOCKET, SO_ERROR, &error, &len) != 0) error = errno;
    if (error != 0) {
      state_ = State::Closed;
      return net_error_from(errno_from_host(error));
    }
  }
  state_ = State::Connected;
  return Unit{};
}

NetOr<Unit> TcpSocket::start_listen() {
  switch (state_) {
    case State::Bound: break;
    case State::BindStarted:
    case State::ListenStarted:
    case State::ConnectStarted: return NetErrorCode::ConcurrencyConflict;
    default: return NetErrorCode::InvalidState;
  }
  if (listen(fd_->get(), backlog_) != 0) return last_net_error();
  state_ = State::ListenStarted;
  return Unit{};
}

NetOr<Unit> TcpSocket::finish_listen() {
  if (state_ != State::ListenStarted) return NetErrorCode::NotInProgress;
  state_ = State::Listening;
  return Unit{};
}

NetOr<TcpSocket> TcpSocket::accept() {
  if (state_ != State::Listening) return NetErrorCode::InvalidState;
  int fd;
  do {
    fd = accept4(fd_->get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return last_net_error();  // EAGAIN: would-block
  return TcpSocket(UniqueFd(fd), family_, State::Connected);
}

NetOr<IpSocketAddress> TcpSocket::local_address() const {
  if (state_ == State::Unbound || state_ == State::BindStarted) return NetErrorCode::InvalidState;
  return socket_address_of(fd_->get(), getsockname);
}

NetOr<IpSocketAddress> TcpSocket::remote_address() const {
  if (state_ != State::Connected) return NetErrorCode::InvalidState;
  return socket_address_of(fd_->get(), getpeername);
}

NetOr<Unit> TcpSocket::set_listen_backlog_size(uint64_t value) {
  if (value == 0) return NetErrorCode::InvalidArgument;
  if (state_ == State::ConnectStarted || state_ == State::Connected) return NetErrorCode::InvalidState;
  backlog_ = static_cast<int>(std::min<uint64_t>(value, INT_MAX));
  // Linux takes a new backlog on a listening socket by listening again.
  if (state_ == State::Listening && listen(fd_->get(), backlog_) != 0) return last_net_error();
  return Unit{};
}

NetOr<bool> TcpSocket::keep_alive_enabled() const {
  auto v = get_int_option(fd_->get(), SOL_SOCKET, SO_KEEPALIVE);
  if (!v) return v.error();
  return *v != 0;
}

NetOr<Unit> TcpSocket::set_keep_alive_enabled(bool value) {
  return set_int_option(fd_->get(), SOL_SOCKET, SO_KEEPALIVE, value ? 1 : 0);
}

NetOr<uint64_t> TcpSocket::keep_alive_idle_time() const { return get_seconds_option(fd_->get(), TCP_KEEPIDLE); }
NetOr<Unit> TcpSocket::set_keep_alive_idle_time(uint64_t value) {
  return set_seconds_option(fd_->get(), TCP_KEEPIDLE, value);
}
NetOr<uint64_t> TcpSocket::keep_alive_interval() const { return get_seconds_option(fd_->get(), TCP_KEEPINTVL); }
NetOr<Unit> TcpSocket::set_keep_alive_interval(uint64_t value) {
  return set_seconds_option(fd_->get(), TCP_KEEPINTVL, value);
}

NetOr<uint32_t> TcpSocket::keep_alive_count() const {
  auto v = get_int_option(fd_->get(), IPPROTO_TCP, TCP_KEEPCNT);
  if (!v) return v.error();
  return static_cast<uint32_t>(*v);
}

NetOr<Unit> TcpSocket::set_keep_alive_count(uint32_t value) {
  if (value == 0) return NetErrorCode::InvalidArgument;
  return set_int_option(fd_->get(), IPPROTO_TCP, TCP_KEEPCNT, static_cast<int>(std::min(value, kMaxKeepAliveCount)));
}

NetOr<uint8_t> TcpSocket::hop_limit() const { return get_hop_limit(fd_->get(), family_); }
NetOr<Unit> TcpSocket::set_hop_limit(uint8_t value) { return set_hop_limit_option(fd_->get(), family_, value); }
NetOr<uint64_t> TcpSocket::receive_buffer_size() const { return get_buffer_size(fd_->get(), SO_RCVBUF); }
NetOr<Unit> TcpSocket::set_receive_buffer_size(uint64_t value) { return set_buffer_size(fd_->get(), SO_RCVBUF, value); }
NetOr<uint64_t> TcpSocket::send_buffer_size() const { return get_buffer_size(fd_->get(), SO_SNDBUF); }
NetOr<Unit> TcpSocket::set_send_buffer_size(uint64_t value) { return set_buffer_size(fd_->get(), SO_SNDBUF, value); }

PollTarget TcpSocket::subscribe() const {
  if (state_ == State::ConnectStarted && !connect_done_) return FdReadiness{fd_->get(), POLLOUT};
  if (state_ == State::Listening) return FdReadiness{fd_->get(), POLLIN};
  return ReadyNow{};
}

NetOr<Unit> TcpSocket::shutdown(ShutdownType how) {
  if (state_ != State::Connected) return NetErrorCode::InvalidState;
  const int host = how == ShutdownType::Receive ? SHUT_RD : how == ShutdownType::Send ? SHUT_WR : SHUT_RDWR;
  if (::shutdown(fd_->get(), host) != 0) return last_net_error();
  return Unit{};
}

}  // namespace stratus::wasi::p2
