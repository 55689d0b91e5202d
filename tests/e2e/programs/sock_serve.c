// A one-connection line server on a socket the host preopened (`stratus run --tcplisten`):
// finds its listening socket(s) with fd_fdstat_get, waits for a client with poll_oneoff,
// accepts, reads one line, answers it uppercased, shuts down its side and exits 0. Along the
// way it checks the socket calls' flags and errnos. Every check prints "ok ..." or
// "FAIL ..."; the exit status is the number of failures (capped at 100).
//
// argv[1]: the guest fd the listener should have (3 without --dir, 3 + dirs otherwise);
// argv[2]: how many listening sockets to expect (default 1); the first one is served.
// argv[3]: a preopened directory fd to use as a non-socket (optional; stdout otherwise).
//
// Node's node:wasi cannot preopen sockets, so this program runs under stratus only
// (tests/e2e/sock_checks.py).
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <wasi/api.h>

static int failures;

static void check(int ok, const char* what) {
  printf("%s %s\n", ok ? "ok" : "FAIL", what);
  if (!ok) ++failures;
}

static void check_errno(__wasi_errno_t got, __wasi_errno_t want, const char* what) {
  if (got != want) printf("  (%s: got errno %u, want %u)\n", what, (unsigned)got, (unsigned)want);
  check(got == want, what);
}

static __wasi_errno_t raw_recv(int fd, void* buf, size_t len, __wasi_riflags_t flags, size_t* n,
                               __wasi_roflags_t* roflags) {
  __wasi_iovec_t iov = {buf, len};
  __wasi_size_t got = 0;
  __wasi_errno_t e = __wasi_sock_recv((__wasi_fd_t)fd, &iov, 1, flags, &got, roflags);
  *n = got;
  return e;
}

static __wasi_errno_t raw_send(int fd, const void* buf, size_t len, __wasi_siflags_t flags, size_t* n) {
  __wasi_ciovec_t iov = {buf, len};
  __wasi_size_t got = 0;
  __wasi_errno_t e = __wasi_sock_send((__wasi_fd_t)fd, &iov, 1, flags, &got);
  *n = got;
  return e;
}

// Waits until `fd` is readable or `seconds` pass; returns 1 if the fd event came.
static int wait_readable(int fd, unsigned seconds) {
  __wasi_subscription_t subs[2];
  memset(subs, 0, sizeof subs);
  subs[0].userdata = 1;
  subs[0].u.tag = __WASI_EVENTTYPE_FD_READ;
  subs[0].u.u.fd_read.file_descriptor = (__wasi_fd_t)fd;
  subs[1].userdata = 2;
  subs[1].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[1].u.u.clock.timeout = (__wasi_timestamp_t)seconds * 1000000000ull;
  __wasi_event_t events[2];
  __wasi_size_t n = 0;
  if (__wasi_poll_oneoff(subs, events, 2, &n) != 0) return 0;
  for (__wasi_size_t i = 0; i < n; ++i)
    if (events[i].userdata == 1 && events[i].error == 0) return 1;
  return 0;
}

int main(int argc, char** argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);  // a hung run still shows how far it got
  const int want_fd = argc > 1 ? atoi(argv[1]) : 3;
  const int want_count = argc > 2 ? atoi(argv[2]) : 1;
  const int not_socket = argc > 3 ? atoi(argv[3]) : 1;

  // The preopened listeners: stream sockets with the right to accept.
  int listener = -1, count = 0;
  for (int fd = 3; fd < 64; ++fd) {
    __wasi_fdstat_t st;
    if (__wasi_fd_fdstat_get((__wasi_fd_t)fd, &st) != 0) continue;
    if (st.fs_filetype != __WASI_FILETYPE_SOCKET_STREAM) continue;
    if (!(st.fs_rights_base & __WASI_RIGHTS_SOCK_ACCEPT)) continue;
    if (listener < 0) listener = fd;
    ++count;
  }
  printf("listener fd %d, %d listening socket(s)\n", listener, count);
  check(listener == want_fd, "the listener is the fd after the preopened directories");
  check(count == want_count, "one preopened socket per --tcplisten");
  if (listener < 0) return 100;

  // Errnos on descriptors that are not (connected) sockets.
  int dummy = 0;
  size_t n = 0;
  __wasi_roflags_t roflags = 0;
  char buf[256];
  check_errno(__wasi_sock_accept(999, 0, &dummy), __WASI_ERRNO_BADF, "sock_accept on an unknown fd is EBADF");
  check_errno(raw_recv(999, buf, 4, 0, &n, &roflags), __WASI_ERRNO_BADF, "sock_recv on an unknown fd is EBADF");
  check_errno(raw_send(999, "x", 1, 0, &n), __WASI_ERRNO_BADF, "sock_send on an unknown fd is EBADF");
  check_errno(__wasi_sock_shutdown(999, __WASI_SDFLAGS_WR), __WASI_ERRNO_BADF,
              "sock_shutdown on an unknown fd is EBADF");
  check_errno(__wasi_sock_accept((__wasi_fd_t)not_socket, 0, &dummy), __WASI_ERRNO_NOTSOCK,
              "sock_accept on a non-socket is ENOTSOCK");
  check_errno(raw_recv(not_socket, buf, 4, 0, &n, &roflags), __WASI_ERRNO_NOTSOCK,
              "sock_recv on a non-socket is ENOTSOCK");
  check_errno(raw_send(not_socket, "x", 1, 0, &n), __WASI_ERRNO_NOTSOCK, "sock_send on a non-socket is ENOTSOCK");
  check_errno(__wasi_sock_shutdown((__wasi_fd_t)not_socket, __WASI_SDFLAGS_WR), __WASI_ERRNO_NOTSOCK,
              "sock_shutdown on a non-socket is ENOTSOCK");
  check_errno(__wasi_sock_accept((__wasi_fd_t)listener, 0x100, &dummy), __WASI_ERRNO_INVAL,
              "sock_accept with unknown fdflags is EINVAL");
  __wasi_prestat_t prestat;
  check_errno(__wasi_fd_prestat_get((__wasi_fd_t)listener, &prestat), __WASI_ERRNO_BADF,
              "fd_prestat_get on the socket is EBADF (ends wasi-libc's preopen scan)");

  // The client connects once stratus listens; poll_oneoff reports the listener readable.
  check(wait_readable(listener, 20), "poll_oneoff: the listener becomes readable when a client connects");
  int conn = accept(listener, NULL, NULL);  // wasi-libc's accept -> sock_accept
  check(conn >= 0, "accept returns a connection");
  if (conn < 0) return 100;
  __wasi_fdstat_t cst;
  check(__wasi_fd_fdstat_get((__wasi_fd_t)conn, &cst) == 0 && cst.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM &&
            !(cst.fs_rights_base & __WASI_RIGHTS_SOCK_ACCEPT),
        "the connection is a stream socket without the accept right");
  check(cst.fs_flags == 0, "accept without SOCK_NONBLOCK gives a blocking connection");
  // Only one client connects: accepting again on a non-blocking listener finds nobody.
  // (sock_accept's flags are the new descriptor's; the listener's own flag decides blocking.)
  check(__wasi_fd_fdstat_set_flags((__wasi_fd_t)listener, __WASI_FDFLAGS_NONBLOCK) == 0,
        "fd_fdstat_set_flags makes the listener non-blocking");
  check_errno(__wasi_sock_accept((__wasi_fd_t)listener, __WASI_FDFLAGS_NONBLOCK, &dummy), __WASI_ERRNO_AGAIN,
              "sock_accept on a non-blocking listener with no client waiting is EAGAIN");
  check(accept4(listener, NULL, NULL, SOCK_NONBLOCK) < 0 && errno == EAGAIN, "so is wasi-libc's accept4");
  check_errno(raw_recv(listener, buf, 4, 0, &n, &roflags), __WASI_ERRNO_NOTCONN,
              "sock_recv on the listener is ENOTCONN");

  check(wait_readable(conn, 20), "poll_oneoff: the connection becomes readable when the client sends");
  check_errno(raw_recv(conn, buf, 4, 0x100, &n, &roflags), __WASI_ERRNO_INVAL, "sock_recv with unknown riflags is EINVAL");
  check_errno(raw_send(conn, "x", 1, 1, &n), __WASI_ERRNO_INVAL, "sock_send with nonzero siflags is EINVAL");
  check_errno(__wasi_sock_shutdown((__wasi_fd_t)conn, 0), __WASI_ERRNO_INVAL, "sock_shutdown with no flags is EINVAL");
  check_errno(__wasi_sock_shutdown((__wasi_fd_t)conn, 4), __WASI_ERRNO_INVAL,
              "sock_shutdown with an unknown flag is EINVAL");

  // PEEK leaves the bytes in place; WAITALL waits for all of them.
  char peeked[6] = {0};
  __wasi_errno_t e = raw_recv(conn, peeked, 5, __WASI_RIFLAGS_RECV_PEEK | __WASI_RIFLAGS_RECV_WAITALL, &n, &roflags);
  check(e == 0 && n == 5 && roflags == 0, "sock_recv PEEK|WAITALL returns 5 bytes");
  char first[6] = {0};
  ssize_t got = recv(conn, first, 5, MSG_WAITALL);  // wasi-libc's recv -> sock_recv
  check(got == 5 && memcmp(first, peeked, 5) == 0, "recv after a peek returns the same bytes");

  // The rest of the line through fd_read, which works on sockets too.
  size_t len = 5;
  memcpy(buf, first, 5);
  while (len < sizeof buf - 1 && memchr(buf, '\n', len) == NULL) {
    ssize_t r = read(conn, buf + len, sizeof buf - 1 - len);
    if (r <= 0) break;
    len += (size_t)r;
  }
  buf[len] = 0;
  check(len > 0 && buf[len - 1] == '\n', "read the rest of the line");
  printf("request: %s", buf);

  // Reply: the first half through sock_send, the rest through fd_write.
  for (size_t i = 0; i < len; ++i) buf[i] = (char)toupper((unsigned char)buf[i]);
  size_t half = len / 2;
  e = raw_send(conn, buf, half, 0, &n);
  check(e == 0 && n == half, "sock_send sends the first half");
  check(write(conn, buf + half, len - half) == (ssize_t)(len - half), "fd_write sends the rest");
  check(shutdown(conn, SHUT_WR) == 0, "shutdown(SHUT_WR) -> sock_shutdown");
  e = raw_send(conn, "x", 1, 0, &n);
  check_errno(e, __WASI_ERRNO_PIPE, "sock_send after SHUT_WR is EPIPE");

  // The client reads to EOF, then closes: we see end of stream.
  e = raw_recv(conn, buf, sizeof buf, 0, &n, &roflags);
  check(e == 0 && n == 0, "sock_recv sees end of stream after the client closes");
  check(close(conn) == 0, "close the connection");
  check_errno(raw_recv(conn, buf, 4, 0, &n, &roflags), __WASI_ERRNO_BADF, "sock_recv on a closed connection is EBADF");
  return failures > 100 ? 100 : failures;
}
