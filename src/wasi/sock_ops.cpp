// Socket calls on sockets the host preopened (WASI preview 1 cannot create sockets).
#include <fcntl.h>
#include <sys/socket.h>

#include <cerrno>

#include "wasi/abi.hpp"
#include "wasi/calls.hpp"

namespace stratus::wasi::calls {
namespace R = abi::right;

namespace {

bool is_socket(const FdEntry& e) {
  return e.filetype == abi::kFiletypeSocketStream || e.filetype == abi::kFiletypeSocketDgram;
}

// EBADF for an unknown number, ENOTSOCK for a descriptor that is not a socket.
ErrnoOr<FdEntry*> socket_with(WasiCtx& ctx, uint32_t fd, uint64_t rights) {
  FdEntry* e = ctx.fds().get(fd);
  if (!e) return Errno::Badf;
  if (!is_socket(*e)) return Errno::Notsock;
  if (!e->has(rights)) return Errno::Notcapable;
  return e;
}

}  // namespace

Errno sock_accept(WasiCtx& ctx, Mem mem, uint32_t fd, uint32_t flags, uint32_t fd_out) {
  auto listener = socket_with(ctx, fd, R::SockAccept);
  if (!listener) return listener.error();
  if (flags & ~uint32_t{abi::kFdflagNonblock}) return Errno::Inval;
  if (!mem.in_bounds(fd_out, 4)) return Errno::Fault;
  int host_flags = SOCK_CLOEXEC | ((flags & abi::kFdflagNonblock) ? SOCK_NONBLOCK : 0);
  int conn;
  do {
    conn = accept4((*listener)->host.get(), nullptr, nullptr, host_flags);
  } while (conn < 0 && errno == EINTR);
  if (conn < 0) return last_host_errno();
  FdEntry entry;
  entry.host = UniqueFd(conn);
  entry.filetype = abi::kFiletypeSocketStream;
  entry.rights_base = R::Socket & ~R::SockAccept;
  auto guest_fd = ctx.fds().insert(std::move(entry));
  if (!guest_fd) return guest_fd.error();
  (void)mem.store<uint32_t>(fd_out, *guest_fd);
  return Errno::Success;
}

Errno sock_recv(WasiCtx& ctx, Mem mem, uint32_t fd, uint32_t ri_data, uint32_t ri_data_len, uint32_t ri_flags,
                uint32_t ro_datalen_out, uint32_t ro_flags_out) {
  auto e = socket_with(ctx, fd, R::FdRead);
  if (!e) return e.error();
  if (ri_flags & ~uint32_t{abi::kRiflagRecvPeek | abi::kRiflagRecvWaitall}) return Errno::Inval;
  auto vec = mem.iovecs(ri_data, ri_data_len);
  if (!vec) return vec.error();
  if (!mem.in_bounds(ro_datalen_out, 4) || !mem.in_bounds(ro_flags_out, 2)) return Errno::Fault;
  msghdr msg{};
  msg.msg_iov = vec->data();
  msg.msg_iovlen = vec->size();
  int host_flags = MSG_NOSIGNAL;
  if (ri_flags & abi::kRiflagRecvPeek) host_flags |= MSG_PEEK;
  if (ri_flags & abi::kRiflagRecvWaitall) host_flags |= MSG_WAITALL;
  ssize_t n;
  do {
    n = recvmsg((*e)->host.get(), &msg, host_flags);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return last_host_errno();
  (void)mem.store<uint32_t>(ro_datalen_out, static_cast<uint32_t>(n));
  (void)mem.store<uint16_t>(ro_flags_out, (msg.msg_flags & MSG_TRUNC) ? abi::kRoflagRecvDataTruncated : 0);
  return Errno::Success;
}

Errno sock_send(WasiCtx& ctx, Mem mem, uint32_t fd, uint32_t si_data, uint32_t si_data_len, uint32_t si_flags,
                uint32_t so_datalen_out) {
  auto e = socket_with(ctx, fd, R::FdWrite);
  if (!e) return e.error();
  if (si_flags != 0) return Errno::Inval;  // siflags has no flags defined
  auto vec = mem.iovecs(si_data, si_data_len);
  if (!vec) return vec.error();
  if (!mem.in_bounds(so_datalen_out, 4)) return Errno::Fault;
  msghdr msg{};
  msg.msg_iov = vec->data();
  msg.msg_iovlen = vec->size();
  ssize_t n;
  do {
    n = sendmsg((*e)->host.get(), &msg, MSG_NOSIGNAL);  // a closed peer is EPIPE, not SIGPIPE
  } while (n < 0 && errno == EINTR);
  if (n < 0) return last_host_errno();
  (void)mem.store<uint32_t>(so_datalen_out, static_cast<uint32_t>(n));
  return Errno::Success;
}

Errno sock_shutdown(WasiCtx& ctx, Mem, uint32_t fd, uint32_t how) {
  auto e = socket_with(ctx, fd, R::SockShutdown);
  if (!e) return e.error();
  int host_how;
  switch (how) {
    case abi::kSdflagRd: host_how = SHUT_RD; break;
    case abi::kSdflagWr: host_how = SHUT_WR; break;
    case abi::kSdflagRd | abi::kSdflagWr: host_how = SHUT_RDWR; break;
    default: return Errno::Inval;
  }
  return shutdown((*e)->host.get(), host_how) == 0 ? Errno::Success : last_host_errno();
}

}  // namespace stratus::wasi::calls
