// Descriptor state: flags, rights, metadata, lifetime and preopen discovery.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/abi.hpp"
#include "wasi/calls.hpp"
#include "wasi/stat_conv.hpp"

namespace stratus::wasi::calls {
namespace R = abi::right;
namespace L = abi::layout;

Errno fd_advise(WasiCtx& ctx, Mem, uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice) {
  auto e = ctx.fds().get_with(fd, R::FdAdvise);
  if (!e) return e.error();
  if (advice > abi::kAdviceNoreuse) return Errno::Inval;
  if (offset > INT64_MAX || len > INT64_MAX) return Errno::Inval;
  // WASI's advice numbering matches POSIX_FADV_* on Linux (NORMAL..NOREUSE = 0..5).
  static constexpr int kHostAdvice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                        POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
  if ((*e)->filetype == abi::kFiletypeDirectory) return Errno::Badf;
  int rc = posix_fadvise((*e)->host.get(), static_cast<off_t>(offset), static_cast<off_t>(len), kHostAdvice[advice]);
  return errno_from_host(rc);
}

Errno fd_allocate(WasiCtx& ctx, Mem, uint32_t fd, uint64_t offset, uint64_t len) {
  auto e = ctx.fds().get_with(fd, R::FdAllocate);
  if (!e) return e.error();
  if (offset > INT64_MAX || len > INT64_MAX || offset + len > INT64_MAX) return Errno::Inval;
  int rc = posix_fallocate((*e)->host.get(), static_cast<off_t>(offset), static_cast<off_t>(len));
  return errno_from_host(rc);  // posix_fallocate returns the error instead of setting errno
}

Errno fd_close(WasiCtx& ctx, Mem, uint32_t fd) { return ctx.fds().close(fd); }

Errno fd_datasync(WasiCtx& ctx, Mem, uint32_t fd) {
  auto e = ctx.fds().get_with(fd, R::FdDatasync);
  if (!e) return e.error();
  return fdatasync((*e)->host.get()) == 0 ? Errno::Success : last_host_errno();
}

Errno fd_sync(WasiCtx& ctx, Mem, uint32_t fd) {
  auto e = ctx.fds().get_with(fd, R::FdSync);
  if (!e) return e.error();
  return fsync((*e)->host.get()) == 0 ? Errno::Success : last_host_errno();
}

Errno fd_fdstat_get(WasiCtx& ctx, Mem mem, uint32_t fd, uint32_t stat_out) {
  FdEntry* e = ctx.fds().get(fd);
  if (!e) return Errno::Badf;
  if (!mem.in_bounds(stat_out, L::kFdstatSize)) return Errno::Fault;
  int host_flags = fcntl(e->host.get(), F_GETFL);
  if (host_flags < 0) return last_host_errno();
  uint16_t flags = 0;
  if (host_flags & O_APPEND) flags |= abi::kFdflagAppend;
  if (host_flags & O_NONBLOCK) flags |= abi::kFdflagNonblock;
  if ((host_flags & O_SYNC) == O_SYNC) flags |= abi::kFdflagSync;
  else if (host_flags & O_DSYNC) flags |= abi::kFdflagDsync;  // O_SYNC includes the O_DSYNC bit
  if ((host_flags & O_RSYNC) && (host_flags & O_SYNC) == O_SYNC) flags |= abi::kFdflagRsync;
  const uint8_t zeros[L::kFdstatSize] = {};
  (void)mem.write_bytes(stat_out, {reinterpret_cast<const char*>(zeros), sizeof zeros});
  (void)mem.store<uint8_t>(stat_out + L::kFdstatFiletype, e->filetype);
  (void)mem.store<uint16_t>(stat_out + L::kFdstatFlags, flags);
  (void)mem.store<uint64_t>(stat_out + L::kFdstatRightsBase, e->rights_base);
  (void)mem.store<uint64_t>(stat_out + L::kFdstatRightsInheriting, e->rights_inheriting);
  return Errno::Success;
}

Errno fd_fdstat_set_flags(WasiCtx& ctx, Mem, uint32_t fd, uint32_t flags) {
  auto e = ctx.fds().get_with(fd, R::FdFdstatSetFlags);
  if (!e) return e.error();
  constexpr uint32_t kKnown = abi::kFdflagAppend | abi::kFdflagDsync | abi::kFdflagNonblock | abi::kFdflagRsync |
                              abi::kFdflagSync;
  if (flags & ~kKnown) return Errno::Inval;
  // Linux's F_SETFL cannot change the synchronisation flags of an open file.
  if (flags & (abi::kFdflagDsync | abi::kFdflagRsync | abi::kFdflagSync)) return Errno::Notsup;
  int host_flags = fcntl((*e)->host.get(), F_GETFL);
  if (host_flags < 0) return last_host_errno();
  host_flags &= ~(O_APPEND | O_NONBLOCK);
  if (flags & abi::kFdflagAppend) host_flags |= O_APPEND;
  if (flags & abi::kFdflagNonblock) host_flags |= O_NONBLOCK;
  return fcntl((*e)->host.get(), F_SETFL, host_flags) == 0 ? Errno::Success : last_host_errno();
}

Errno fd_fdstat_set_rights(WasiCtx& ctx, Mem, uint32_t fd, uint64_t base, uint64_t inheriting) {
  FdEntry* e = ctx.fds().get(fd);
  if (!e) return Errno::Badf;
  // Rights only ever shrink: a guest cannot grant itself what it was not given.
  if ((base & ~e->rights_base) || (inheriting & ~e->rights_inheriting)) return Errno::Notcapable;
  e->rights_base = base;
  e->rights_inheriting = inheriting;
  return Errno::Success;
}

Errno fd_filestat_get(WasiCtx& ctx, Mem mem, uint32_t fd, uint32_t stat_out) {
  auto e = ctx.fds().get_with(fd, R::FdFilestatGet);
  if (!e) return e.error();
  struct stat st{};
  if (fstat((*e)->host.get(), &st) != 0) return last_host_errno();
  return write_filestat(mem, stat_out, st);
}

Errno fd_filestat_set_size(WasiCtx& ctx, Mem, uint32_t fd, uint64_t size) {
  auto e = ctx.fds().get_with(fd, R::FdFilestatSetSize);
  if (!e) return e.error();
  if (size > INT64_MAX) return Errno::Inval;
  return ftruncate((*e)->host.get(), static_cast<off_t>(size)) == 0 ? Errno::Success : last_host_errno();
}

Errno fd_filestat_set_times(WasiCtx& ctx, Mem, uint32_t fd, uint64_t atim, uint64_t mtim, uint32_t fst_flags) {
  auto e = ctx.fds().get_with(fd, R::FdFilestatSetTimes);
  if (!e) return e.error();
  auto times = times_from_fstflags(atim, mtim, fst_flags);
  if (!times) return times.error();
  return futimens((*e)->host.get(), times->data()) == 0 ? Errno::Success : last_host_errno();
}

Errno fd_renumber(WasiCtx& ctx, Mem, uint32_t fd, uint32_t to) { return ctx.fds().renumber(fd, to); }

Errno fd_prestat_get(WasiCtx& ctx, Mem mem, uint32_t fd, uint32_t prestat_out) {
  FdEntry* e = ctx.fds().get(fd);
  // wasi-libc stops probing at the first EBADF, so "not a preopen" must be EBADF too.
  if (!e || !e->preopen_name) return Errno::Badf;
  if (!mem.in_bounds(prestat_out, L::kPrestatSize)) return Errno::Fault;
  (void)mem.store<uint32_t>(prestat_out + L::kPrestatTag, abi::kPreopentypeDir);  // tag + zeroed padding
  (void)mem.store<uint32_t>(prestat_out + L::kPrestatNameLen, static_cast<uint32_t>(e->preopen_name->size()));
  return Errno::Success;
}

Errno fd_prestat_dir_name(WasiCtx& ctx, Mem mem, uint32_t fd, uint32_t path, uint32_t path_len) {
  FdEntry* e = ctx.fds().get(fd);
  if (!e || !e->preopen_name) return Errno::Badf;
  const std::string& name = *e->preopen_name;
  if (path_len < name.size()) return Errno::Nametoolong;
  return mem.write_bytes(path, name) ? Errno::Success : Errno::Fault;
}

}  // namespace stratus::wasi::calls
