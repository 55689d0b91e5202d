// path_* calls other than path_open. Each opens the parent directory beneath the preopen and
// applies the *at call to the last component; none of those calls follows a symlink in the
// last component, so the kernel never leaves the sandbox on our behalf. The calls that must
// follow (stat, set_times, link with symlink_follow) resolve the whole path beneath instead.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include "wasi/abi.hpp"
#include "wasi/calls.hpp"
#include "wasi/path_common.hpp"
#include "wasi/sandbox.hpp"
#include "wasi/stat_conv.hpp"

namespace stratus::wasi::calls {
namespace R = abi::right;

namespace {

Errno result_of(int rc) { return rc == 0 ? Errno::Success : last_host_errno(); }

// The object a path names, opened O_PATH beneath the directory. A trailing slash asks for
// the directory a symlink points to, so it implies following.
ErrnoOr<UniqueFd> open_target(const DirAndPath& dp, bool follow) {
  const bool trailing_slash = !dp.path.empty() && dp.path.back() == '/';
  return open_beneath(dp.dir->host.get(), dp.path, O_PATH, 0, follow || trailing_slash);
}

}  // namespace

Errno path_create_directory(WasiCtx& ctx, Mem mem, uint32_t fd, uint32_t path, uint32_t path_len) {
  auto dp = dir_and_path(ctx, mem, fd, R::PathCreateDirectory, path, path_len);
  if (!dp) return dp.error();
  auto parent = open_parent_beneath(dp->dir->host.get(), dp->path);
  if (!parent) return parent.error();
  return result_of(mkdirat(parent->fd, parent->name.c_str(), 0777));
}

Errno path_filestat_get(WasiCtx& ctx, Mem mem, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len,
                        uint32_t stat_out) {
  auto dp = dir_and_path(ctx, mem, fd, R::PathFilestatGet, path, path_len);
  if (!dp) return dp.error();
  // O_PATH with O_NOFOLLOW opens a symlink itself, so one fstat serves both lookup modes.
  auto target = open_target(*dp, flags & abi::kLookupSymlinkFollow);
  if (!target) return target.error();
  struct stat st{};
  if (fstat(target->get(), &st) != 0) return last_host_errno();
  return write_filestat(mem, stat_out, st);
}

Errno path_filestat_set_times(WasiCtx& ctx, Mem mem, uint32_t fd, uint32_t flags, uint32_t path,
                              uint32_t path_len, uint64_t atim, uint64_t mtim, uint32_t fst_flags) {
  auto dp = dir_and_path(ctx, mem, fd, R::PathFilestatSetTimes, path, path_len);
  if (!dp) return dp.error();
  auto times = times_from_fstflags(atim, mtim, fst_flags);
  if (!times) return times.error();
  const bool trailing_slash = dp->path.back() == '/';
  if ((flags & abi::kLookupSymlinkFollow) || trailing_slash) {
    auto target = open_target(*dp, true);
    if (!target) return target.error();
    return result_of(utimensat(AT_FDCWD, proc_fd_path(target->get()).c_str(), times->data(), 0));
  }
  auto parent = open_parent_beneath(dp->dir->host.get(), dp->path);
  if (!parent) return parent.error();
  return result_of(utimensat(parent->fd, parent->name.c_str(), times->data(), AT_SYMLINK_NOFOLLOW));
}

Errno path_link(WasiCtx& ctx, Mem mem, uint32_t old_fd, uint32_t old_flags, uint32_t old_path,
                uint32_t old_path_len, uint32_t new_fd, uint32_t new_path, uint32_t new_path_len) {
  auto from = dir_and_path(ctx, mem, old_fd, R::PathLinkSource, old_path, old_path_len);
  if (!from) return from.error();
  auto to = dir_and_path(ctx, mem, new_fd, R::PathLinkTarget, new_path, new_path_len);
  if (!to) return to.error();
  auto new_parent = open_parent_beneath(to->dir->host.get(), to->path);
  if (!new_parent) return new_parent.error();
  if (old_flags & abi::kLookupSymlinkFollow) {
    // linkat(AT_SYMLINK_FOLLOW) would follow the link wherever it points; link the confined
    // descriptor instead.
    auto target = open_target(*from, true);
    if (!target) return target.error();
    return result_of(linkat(AT_FDCWD, proc_fd_path(target->get()).c_str(), new_parent->fd,
                            new_parent->name.c_str(), AT_SYMLINK_FOLLOW));
  }
  auto old_parent = open_parent_beneath(from->dir->host.get(), from->path);
  if (!old_parent) return old_parent.error();
  return result_of(linkat(old_parent->fd, old_parent->name.c_str(), new_parent->fd, new_parent->name.c_str(), 0));
}

Errno path_readlink(WasiCtx& ctx, Mem mem, uint32_t fd, uint32_t path, uint32_t path_len, uint32_t buf,
                    uint32_t buf_len, uint32_t bufused_out) {
  auto dp = dir_and_path(ctx, mem, fd, R::PathReadlink, path, path_len);
  if (!dp) return dp.error();
  auto out = mem.slice(buf, buf_len);
  if (!out || !mem.in_bounds(bufused_out, 4)) return Errno::Fault;
  auto parent = open_parent_beneath(dp->dir->host.get(), dp->path);
  if (!parent) return parent.error();
  if (parent->trailing_slash) {
    // "link/" names what the link points to, which is a directory and not a link.
    auto target = open_target(*dp, true);
    return target ? Errno::Inval : target.error();
  }
  std::vector<char> text(4096);
  ssize_t n = readlinkat(parent->fd, parent->name.c_str(), text.data(), text.size());
  if (n < 0) return last_host_errno();
  // Truncating to the guest's buffer is the documented contract; libc retries on a full one.
  const size_t copied = std::min(static_cast<size_t>(n), out->size());
  std::copy_n(text.data(), copied, out->data());
  (void)mem.store<uint32_t>(bufused_out, static_cast<uint32_t>(copied));
  return Errno::Success;
}

Errno path_remove_directory(WasiCtx& ctx, Mem mem, uint32_t fd, uint32_t path, uint32_t path_len) {
  auto dp = dir_and_path(ctx, mem, fd, R::PathRemoveDirectory, path, path_len);
  if (!dp) return dp.error();
  auto parent = open_parent_beneath(dp->dir->host.get(), dp->path);
  if (!parent) return parent.error();
  return result_of(unlinkat(parent->fd, parent->name.c_str(), AT_REMOVEDIR));
}

Errno path_rename(WasiCtx& ctx, Mem mem, uint32_t fd, uint32_t old_path, uint32_t old_path_len, uint32_t new_fd,
                  uint32_t new_path, uint32_t new_path_len) {
  auto from = dir_and_path(ctx, mem, fd, R::PathRenameSource, old_path, old_path_len);
  if (!from) return from.error();
  auto to = dir_and_path(ctx, mem, new_fd, R::PathRenameTarget, new_path, new_path_len);
  if (!to) return to.error();
  auto old_parent = open_parent_beneath(from->dir->host.get(), from->path);
  if (!old_parent) return old_parent.error();
  auto new_parent = open_parent_beneath(to->dir->host.get(), to->path);
  if (!new_parent) return new_parent.error();
  return result_of(renameat(old_parent->fd, old_parent->name.c_str(), new_parent->fd, new_parent->name.c_str()));
}

// Absolute link targets are refused (as wasmtime does): following them is already blocked,
// but a guest has no business planting host paths for other programs to trip over.
Errno path_symlink(WasiCtx& ctx, Mem mem, uint32_t old_path, uint32_t old_path_len, uint32_t fd,
                   uint32_t new_path, uint32_t new_path_len) {
  auto target = mem.string(old_path, old_path_len);
  if (!target) return Errno::Fault;
  if (Errno e = check_guest_path(*target); e != Errno::Success) return e;
  auto dp = dir_and_path(ctx, mem, fd, R::PathSymlink, new_path, new_path_len);
  if (!dp) return dp.error();
  auto parent = open_parent_beneath(dp->dir->host.get(), dp->path);
  if (!parent) return parent.error();
  if (parent->trailing_slash) {
    // A symlink is never a directory, so "name/" cannot be created. Linux says EEXIST for an
    // existing file; the test suite (path_symlink_trailing_slashes) and wasmtime say ENOTDIR
    // then, EEXIST for an existing directory and ENOENT when nothing is there.
    std::string bare = parent->name;
    while (bare.size() > 1 && bare.back() == '/') bare.pop_back();
    struct stat st{};
    if (fstatat(parent->fd, bare.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return Errno::Noent;
    return S_ISDIR(st.st_mode) ? Errno::Exist : Errno::Notdir;
  }
  return result_of(symlinkat(std::string(*target).c_str(), parent->fd, parent->name.c_str()));
}

Errno path_unlink_file(WasiCtx& ctx, Mem mem, uint32_t fd, uint32_t path, uint32_t path_len) {
  auto dp = dir_and_path(ctx, mem, fd, R::PathUnlinkFile, path, path_len);
  if (!dp) return dp.error();
  auto parent = open_parent_beneath(dp->dir->host.get(), dp->path);
  if (!parent) return parent.error();
  return result_of(unlinkat(parent->fd, parent->name.c_str(), 0));
}

}  // namespace stratus::wasi::calls
