#include "wasi/ctx.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "wasi/abi.hpp"

namespace stratus::wasi {

uint8_t filetype_of_mode(uint32_t mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return abi::kFiletypeRegularFile;
    case S_IFDIR: return abi::kFiletypeDirectory;
    case S_IFCHR: return abi::kFiletypeCharacterDevice;
    case S_IFBLK: return abi::kFiletypeBlockDevice;
    case S_IFLNK: return abi::kFiletypeSymbolicLink;
    case S_IFSOCK: return abi::kFiletypeSocketStream;  // refined by socket_filetype()
    default: return abi::kFiletypeUnknown;            // FIFOs have no WASI filetype
  }
}

namespace {

uint8_t socket_filetype(int fd) {
  int type = 0;
  socklen_t len = sizeof type;
  if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_DGRAM)
    return abi::kFiletypeSocketDgram;
  return abi::kFiletypeSocketStream;
}

Result<FdEntry> adopt_stream(int host_fd, const char* what) {
  int fd = fcntl(host_fd, F_DUPFD_CLOEXEC, 0);
  if (fd < 0) return Error(ErrorKind::Io, std::string("cannot use ") + what + ": " + std::strerror(errno));
  FdEntry e;
  e.host = UniqueFd(fd);
  struct stat st{};
  e.filetype = fstat(fd, &st) == 0 ? filetype_of_mode(st.st_mode) : abi::kFiletypeUnknown;
  if (e.filetype == abi::kFiletypeSocketStream) e.filetype = socket_filetype(fd);
  const bool seekable = e.filetype == abi::kFiletypeRegularFile;  // `< file` redirections
  e.rights_base = abi::right::Stream | (seekable ? abi::right::RegularFile : 0);
  e.rights_inheriting = 0;
  return e;
}

}  // namespace

std::shared_ptr<const SharedStdio> SharedStdio::adopt(int stdin_fd, int stdout_fd, int stderr_fd) {
  std::shared_ptr<SharedStdio> shared(new SharedStdio());
  const int fds[3] = {stdin_fd, stdout_fd, stderr_fd};
  for (uint32_t i = 0; i < 3; ++i) {
    if (fds[i] < 0) continue;
    auto entry = adopt_stream(fds[i], "stdio");
    if (!entry) continue;  // as in WasiCtx::create: a closed host stdio is EBADF for the guest
    shared->streams_[i] = {entry->host.release(), entry->filetype, entry->rights_base};
  }
  return shared;
}

SharedStdio::~SharedStdio() {
  for (const Stream& s : streams_)
    if (s.fd >= 0) ::close(s.fd);
}

std::optional<FdEntry> SharedStdio::entry(uint32_t n) const {
  const Stream& s = streams_[n];
  if (s.fd < 0) return std::nullopt;
  FdEntry e;
  e.host = UniqueFd::borrowed(s.fd);
  e.filetype = s.filetype;
  e.rights_base = s.rights_base;
  e.rights_inheriting = 0;
  return e;
}

Result<std::shared_ptr<WasiCtx>> WasiCtx::create(WasiConfig config) {
  std::shared_ptr<WasiCtx> ctx(new WasiCtx());
  ctx->args_ = std::move(config.args);
  ctx->env_ = std::move(config.env);

  if (config.shared_stdio) {
    for (uint32_t i = 0; i < 3; ++i)
      if (auto entry = config.shared_stdio->entry(i)) ctx->fds_.insert_at(i, std::move(*entry));
    ctx->shared_stdio_ = std::move(config.shared_stdio);
  } else {
    const int stdio[3] = {config.stdin_fd, config.stdout_fd, config.stderr_fd};
    const char* names[3] = {"stdin", "stdout", "stderr"};
    for (uint32_t i = 0; i < 3; ++i) {
      // A closed host stdio is not fatal: the guest just sees EBADF on that number. A host
      // that gives none (-1) costs no system call.
      if (stdio[i] < 0) continue;
      if (auto entry = adopt_stream(stdio[i], names[i])) ctx->fds_.insert_at(i, std::move(*entry));
    }
  }

  // Preopens take 3, 4, ... in order: wasi-libc discovers them by probing upward from 3
  // until fd_prestat_get says EBADF.
  uint32_t next = 3;
  for (const PreopenDir& dir : config.preopen_dirs) {
    int fd = open(dir.host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
      return Error(ErrorKind::Io, "cannot preopen directory '" + dir.host_path + "': " + std::strerror(errno));
    FdEntry e;
    e.host = UniqueFd(fd);
    e.filetype = abi::kFiletypeDirectory;
    e.rights_base = abi::right::Directory;
    e.rights_inheriting = abi::right::All;
    if (dir.read_only) {
      e.read_only = true;
      e.rights_base &= ~abi::right::Mutating;
      e.rights_inheriting &= ~abi::right::Mutating;
    }
    e.preopen_name = dir.guest_path;
    ctx->fds_.insert_at(next++, std::move(e));
  }
  for (int sock : config.preopen_sockets) {
    auto entry = adopt_stream(sock, "preopened socket");
    if (!entry) return entry.error();
    entry->rights_base = abi::right::Socket;
    ctx->fds_.insert_at(next++, std::move(*entry));
  }
  return ctx;
}

}  // namespace stratus::wasi
