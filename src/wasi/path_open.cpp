// path_open: the one call that creates descriptors from paths, and where rights are handed
// down from a directory to what is opened through it.
#include <fcntl.h>
#include <sys/stat.h>

#include "wasi/abi.hpp"
#include "wasi/calls.hpp"
#include "wasi/path_common.hpp"
#include "wasi/sandbox.hpp"

namespace stratus::wasi::calls {
namespace R = abi::right;

namespace {

constexpr uint64_t kReadRights = R::FdRead | R::FdReaddir;
// The rights wasi-libc asks for when a file is opened for writing.
constexpr uint64_t kWriteRights = R::FdDatasync | R::FdWrite | R::FdAllocate | R::FdFilestatSetSize;

uint64_t rights_for_filetype(uint8_t filetype) {
  switch (filetype) {
    case abi::kFiletypeRegularFile: return R::RegularFile;
    case abi::kFiletypeDirectory: return R::Directory | R::FdReaddir;
    case abi::kFiletypeSocketStream:
    case abi::kFiletypeSocketDgram: return R::Socket;
    default: return R::Stream | R::FdSync | R::FdDatasync | R::FdFilestatSetTimes;
  }
}

}  // namespace

Errno path_open(WasiCtx& ctx, Mem mem, uint32_t fd, uint32_t dirflags, uint32_t path, uint32_t path_len,
                uint32_t oflags, uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags,
                uint32_t fd_out) {
  auto dp = dir_and_path(ctx, mem, fd, R::PathOpen, path, path_len);
  if (!dp) return dp.error();
  if (!mem.in_bounds(fd_out, 4)) return Errno::Fault;
  FdEntry& dir = *dp->dir;

  constexpr uint32_t kKnownOflags = abi::kOflagCreat | abi::kOflagDirectory | abi::kOflagExcl | abi::kOflagTrunc;
  constexpr uint32_t kKnownFdflags = abi::kFdflagAppend | abi::kFdflagDsync | abi::kFdflagNonblock |
                                     abi::kFdflagRsync | abi::kFdflagSync;
  if ((oflags & ~kKnownOflags) || (fdflags & ~kKnownFdflags)) return Errno::Inval;

  int flags = O_NOCTTY;
  // Opening a file for writing beneath a read-only preopen is refused, not narrowed to
  // reading. wasi-libc masks its request with the directory's inheriting rights first, so of
  // the write rights only fd_datasync (which a read-only tree does not withhold) still says
  // it means to write. A directory asked for every right is narrowed as usual.
  if (dir.read_only && (rights_base & kWriteRights) && !(oflags & abi::kOflagDirectory)) return Errno::Perm;
  if (oflags & abi::kOflagCreat) {
    if (!dir.has(R::PathCreateFile)) return dir.lacking(R::PathCreateFile);
    flags |= O_CREAT;
  }
  if (oflags & abi::kOflagDirectory) flags |= O_DIRECTORY;
  if (oflags & abi::kOflagExcl) flags |= O_EXCL;
  if (oflags & abi::kOflagTrunc) {
    // The test suite (truncation_rights) and wasmtime answer EPERM here, not ENOTCAPABLE.
    if (!dir.has(R::PathFilestatSetSize)) return Errno::Perm;
    flags |= O_TRUNC;
  }
  if (fdflags & abi::kFdflagAppend) flags |= O_APPEND;
  if (fdflags & abi::kFdflagDsync) flags |= O_DSYNC;
  if (fdflags & abi::kFdflagNonblock) flags |= O_NONBLOCK;
  if (fdflags & abi::kFdflagRsync) flags |= O_RSYNC;
  if (fdflags & abi::kFdflagSync) flags |= O_SYNC;

  // Requests beyond what the directory may hand down are narrowed rather than refused:
  // wasi-libc asks for every right an access mode could use and expects the intersection.
  uint64_t base = rights_base & dir.rights_inheriting;
  const uint64_t inheriting = rights_inheriting & dir.rights_inheriting;
  const bool reads = base & kReadRights;
  const bool writes = base & kWriteRights;
  flags |= (reads && writes) ? O_RDWR : writes ? O_WRONLY : O_RDONLY;

  const bool follow = dirflags & abi::kLookupSymlinkFollow;
  auto opened = open_beneath(dir.host.get(), dp->path, flags, 0666, follow);
  if (!opened && opened.error() == Errno::Isdir && !(base & R::FdWrite) && !(oflags & abi::kOflagCreat)) {
    // Rights like fd_datasync or fd_allocate made us ask for write access, but the target is a
    // directory, which has no use for them: open it for reading and let the mask below drop
    // them. Only an explicit fd_write on a directory is EISDIR (as in wasmtime).
    flags = (flags & ~O_ACCMODE) | O_RDONLY;
    opened = open_beneath(dir.host.get(), dp->path, flags, 0666, follow);
  }
  if (!opened) return opened.error();

  struct stat st{};
  if (fstat(opened->get(), &st) != 0) return last_host_errno();
  FdEntry entry;
  entry.filetype = filetype_of_mode(st.st_mode);
  entry.rights_base = base & rights_for_filetype(entry.filetype);
  entry.rights_inheriting = entry.filetype == abi::kFiletypeDirectory ? inheriting : 0;
  entry.read_only = dir.read_only;
  entry.host = std::move(*opened);
  auto guest_fd = ctx.fds().insert(std::move(entry));
  if (!guest_fd) return guest_fd.error();
  (void)mem.store<uint32_t>(fd_out, *guest_fd);
  return Errno::Success;
}

}  // namespace stratus::wasi::calls
