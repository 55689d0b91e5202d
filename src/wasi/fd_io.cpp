// Data transfer on descriptors: reads, writes, positioning and directory listing.
#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

#include "wasi/abi.hpp"
#include "wasi/calls.hpp"

namespace stratus::wasi::calls {
namespace R = abi::right;
namespace L = abi::layout;

namespace {

// Shared shape of read/write/pread/pwrite: resolve fd and iovecs, check the result slot,
// run the transfer (retrying EINTR), store the count.
template <class Transfer>
Errno transfer(WasiCtx& ctx, Mem mem, uint32_t fd, uint64_t rights, uint32_t iovs, uint32_t iovs_len,
               uint32_t count_out, Transfer&& op) {
  auto e = ctx.fds().get_with(fd, rights);
  if (!e) return e.error();
  auto vec = mem.iovecs(iovs, iovs_len);
  if (!vec) return vec.error();
  if (!mem.in_bounds(count_out, 4)) return Errno::Fault;
  ssize_t n = 0;
  if (!vec->empty()) {
    do {
      n = op((*e)->host.get(), vec->data(), static_cast<int>(vec->size()));
    } while (n < 0 && errno == EINTR);
    if (n < 0) return last_host_errno();
  }
  (void)mem.store<uint32_t>(count_out, static_cast<uint32_t>(n));
  return Errno::Success;
}

uint8_t filetype_of_dtype(unsigned char d_type) {
  switch (d_type) {
    case DT_REG: return abi::kFiletypeRegularFile;
    case DT_DIR: return abi::kFiletypeDirectory;
    case DT_LNK: return abi::kFiletypeSymbolicLink;
    case DT_CHR: return abi::kFiletypeCharacterDevice;
    case DT_BLK: return abi::kFiletypeBlockDevice;
    case DT_SOCK: return abi::kFiletypeSocketStream;
    default: return abi::kFiletypeUnknown;
  }
}

// The kernel's record from getdents64; glibc only exposes it through readdir(3), whose
// buffering would hide the per-entry offsets we need as WASI cookies.
struct HostDirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

}  // namespace

Errno fd_read(WasiCtx& ctx, Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nread_out) {
  return transfer(ctx, mem, fd, R::FdRead, iovs, iovs_len, nread_out,
                  [](int h, const iovec* v, int n) { return readv(h, v, n); });
}

Errno fd_write(WasiCtx& ctx, Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nwritten_out) {
  return transfer(ctx, mem, fd, R::FdWrite, iovs, iovs_len, nwritten_out,
                  [](int h, const iovec* v, int n) { return writev(h, v, n); });
}

Errno fd_pread(WasiCtx& ctx, Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset,
               uint32_t nread_out) {
  if (offset > INT64_MAX) return Errno::Inval;
  return transfer(ctx, mem, fd, R::FdRead | R::FdSeek, iovs, iovs_len, nread_out,
                  [offset](int h, const iovec* v, int n) { return preadv(h, v, n, static_cast<off_t>(offset)); });
}

Errno fd_pwrite(WasiCtx& ctx, Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset,
                uint32_t nwritten_out) {
  if (offset > INT64_MAX) return Errno::Inval;
  return transfer(ctx, mem, fd, R::FdWrite | R::FdSeek, iovs, iovs_len, nwritten_out,
                  [offset](int h, const iovec* v, int n) { return pwritev(h, v, n, static_cast<off_t>(offset)); });
}

Errno fd_seek(WasiCtx& ctx, Mem mem, uint32_t fd, uint64_t offset, uint32_t whence, uint32_t newoffset_out) {
  const auto delta = static_cast<int64_t>(offset);  // filedelta is signed
  // Asking "where am I" only needs fd_tell, as the spec's rights table says.
  const uint64_t needed = (delta == 0 && whence == abi::kWhenceCur) ? R::FdTell : R::FdSeek;
  FdEntry* entry = ctx.fds().get(fd);
  // A directory has no position to move: EBADF, as the test suite (directory_seek) expects.
  if (!entry || entry->filetype == abi::kFiletypeDirectory) return Errno::Badf;
  if (!entry->has(R::FdSeek) && !entry->has(needed)) return Errno::Notcapable;
  int host_whence;
  switch (whence) {
    case abi::kWhenceSet: host_whence = SEEK_SET; break;
    case abi::kWhenceCur: host_whence = SEEK_CUR; break;
    case abi::kWhenceEnd: host_whence = SEEK_END; break;
    default: return Errno::Inval;
  }
  if (!mem.in_bounds(newoffset_out, 8)) return Errno::Fault;
  off_t pos = lseek(entry->host.get(), static_cast<off_t>(delta), host_whence);
  if (pos < 0) return last_host_errno();
  (void)mem.store<uint64_t>(newoffset_out, static_cast<uint64_t>(pos));
  return Errno::Success;
}

Errno fd_tell(WasiCtx& ctx, Mem mem, uint32_t fd, uint32_t offset_out) {
  if (FdEntry* d = ctx.fds().get(fd); d && d->filetype == abi::kFiletypeDirectory) return Errno::Badf;
  auto e = ctx.fds().get_with(fd, R::FdTell);
  if (!e) return e.error();
  if (!mem.in_bounds(offset_out, 8)) return Errno::Fault;
  off_t pos = lseek((*e)->host.get(), 0, SEEK_CUR);
  if (pos < 0) return last_host_errno();
  (void)mem.store<uint64_t>(offset_out, static_cast<uint64_t>(pos));
  return Errno::Success;
}

// Cookies are the kernel's own directory offsets (d_off), so resuming at a cookie is an
// lseek on the directory. Entries are packed until the buffer is full; the last one may be
// cut short, which tells the guest (bufused == buf_len) to retry with a bigger buffer.
Errno fd_readdir(WasiCtx& ctx, Mem mem, uint32_t fd, uint32_t buf, uint32_t buf_len, uint64_t cookie,
                 uint32_t bufused_out) {
  // A file never holds fd_readdir, so say what is really wrong with it first.
  if (FdEntry* d = ctx.fds().get(fd); d && d->filetype != abi::kFiletypeDirectory) return Errno::Notdir;
  auto e = ctx.fds().get_with(fd, R::FdReaddir);
  if (!e) return e.error();
  auto out = mem.slice(buf, buf_len);
  if (!out) return Errno::Fault;
  if (!mem.in_bounds(bufused_out, 4)) return Errno::Fault;
  const int dir = (*e)->host.get();
  if (cookie > INT64_MAX) return Errno::Inval;
  if (lseek(dir, static_cast<off_t>(cookie), SEEK_SET) < 0) return last_host_errno();

  alignas(HostDirent64) std::array<char, 16384> chunk;
  size_t used = 0;
  while (used < out->size()) {
    long got = syscall(SYS_getdents64, dir, chunk.data(), chunk.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      return last_host_errno();
    }
    if (got == 0) break;
    for (long at = 0; at < got && used < out->size();) {
      const auto* ent = reinterpret_cast<const HostDirent64*>(chunk.data() + at);
      at += ent->d_reclen;
      const size_t name_len = std::strlen(ent->d_name);
      std::array<uint8_t, L::kDirentSize> header{};
      const uint64_t next = static_cast<uint64_t>(ent->d_off);
      const uint32_t namlen = static_cast<uint32_t>(name_len);
      std::memcpy(header.data() + L::kDirentNext, &next, 8);
      std::memcpy(header.data() + L::kDirentIno, &ent->d_ino, 8);
      std::memcpy(header.data() + L::kDirentNamlen, &namlen, 4);
      header[L::kDirentType] = filetype_of_dtype(ent->d_type);
      size_t n = std::min(header.size(), out->size() - used);
      std::memcpy(out->data() + used, header.data(), n);
      used += n;
      n = std::min(name_len, out->size() - used);
      std::memcpy(out->data() + used, ent->d_name, n);
      used += n;
    }
  }
  (void)mem.store<uint32_t>(bufused_out, static_cast<uint32_t>(used));
  return Errno::Success;
}

}  // namespace stratus::wasi::calls
