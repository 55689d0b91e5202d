#include "wasi/sandbox.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <deque>
#include <vector>

#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#else
struct open_how {
  uint64_t flags;
  uint64_t mode;
  uint64_t resolve;
};
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_BENEATH 0x08
#endif
#ifndef SYS_openat2
#define SYS_openat2 437
#endif

namespace stratus::wasi {
namespace {

std::atomic<bool> openat2_unavailable{false};
std::atomic<bool> force_walk{false};

constexpr int kMaxSymlinkExpansions = 40;  // Linux's MAXSYMLINKS

enum class Openat2Outcome { Done, Unsupported };

Openat2Outcome try_openat2(int root, const std::string& path, int flags, mode_t mode, ErrnoOr<UniqueFd>& out) {
  open_how how{};
  how.flags = static_cast<uint64_t>(flags);
  // openat2 rejects a mode it would ignore. O_TMPFILE contains the O_DIRECTORY bit, so test it whole.
  const bool creates = (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
  how.mode = creates ? mode : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  for (int attempt = 0;; ++attempt) {
    long fd = syscall(SYS_openat2, root, path.c_str(), &how, sizeof how);
    if (fd >= 0) {
      out = UniqueFd(static_cast<int>(fd));
      return Openat2Outcome::Done;
    }
    int e = errno;
    if (e == ENOSYS) return Openat2Outcome::Unsupported;
    // EAGAIN: a concurrent rename made the kernel unsure the walk stayed beneath; retry.
    if ((e == EAGAIN || e == EINTR) && attempt < 8) continue;
    // EXDEV is how RESOLVE_BENEATH reports "this would leave the directory".
    out = e == EXDEV ? kEscapeErrno : errno_from_host(e);
    return Openat2Outcome::Done;
  }
}

std::deque<std::string> split_components(std::string_view path) {
  std::deque<std::string> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) parts.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  return parts;
}

// Replaces the link just consumed by its target's components. Absolute targets escape by
// definition, so they are refused rather than re-rooted.
Errno splice_symlink(int dir, const std::string& link, std::deque<std::string>& rest, int& budget) {
  if (--budget < 0) return Errno::Loop;
  std::vector<char> buf(4096);
  ssize_t n = readlinkat(dir, link.c_str(), buf.data(), buf.size());
  if (n < 0) return last_host_errno();
  if (static_cast<size_t>(n) == buf.size()) return Errno::Nametoolong;
  std::string_view target(buf.data(), static_cast<size_t>(n));
  if (target.empty()) return Errno::Noent;
  if (target.front() == '/') return kEscapeErrno;
  auto parts = split_components(target);
  if (target.back() == '/' && rest.empty()) parts.emplace_back(".");
  rest.insert(rest.begin(), parts.begin(), parts.end());
  return Errno::Success;
}

bool is_symlink_at(int dir, const std::string& name) {
  struct stat st{};
  return fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
}

// The fallback: one openat per component, never following a link the kernel would follow
// for us, and a stack of opened directories so `..` is a pop that cannot go below root.
ErrnoOr<UniqueFd> walk_beneath(int root, std::string_view path, int flags, mode_t mode, bool follow_final) {
  std::deque<std::string> rest = split_components(path);
  if (path.back() == '/') rest.emplace_back(".");  // "dir/" must name a directory
  std::vector<UniqueFd> stack;
  int budget = kMaxSymlinkExpansions;
  auto current = [&] { return stack.empty() ? root : stack.back().get(); };

  while (!rest.empty()) {
    std::string part = std::move(rest.front());
    rest.pop_front();
    const bool last = rest.empty();
    if (part == "." || part == "..") {
      if (part == "..") {
        if (stack.empty()) return kEscapeErrno;
        stack.pop_back();
      }
      if (!last) continue;
      part = ".";
    }
    if (!last) {
      int fd = openat(current(), part.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd >= 0) {
        stack.emplace_back(fd);
        continue;
      }
      int e = errno;
      if ((e == ENOTDIR || e == ELOOP) && is_symlink_at(current(), part)) {
        if (Errno s = splice_symlink(current(), part, rest, budget); s != Errno::Success) return s;
        continue;
      }
      return errno_from_host(e);
    }
    const bool may_be_link = part != ".";
    int fd = openat(current(), part.c_str(), flags | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd >= 0) {
      UniqueFd opened(fd);
      struct stat st{};
      // With O_PATH, O_NOFOLLOW opens the link itself; following it is our job.
      if (follow_final && may_be_link && (flags & O_PATH) && fstat(fd, &st) == 0 && S_ISLNK(st.st_mode)) {
        if (Errno s = splice_symlink(current(), part, rest, budget); s != Errno::Success) return s;
        continue;
      }
      return opened;
    }
    int e = errno;
    if (follow_final && may_be_link && (e == ELOOP || e == ENOTDIR || e == EEXIST) &&
        is_symlink_at(current(), part)) {
      if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) return Errno::Exist;
      if (Errno s = splice_symlink(current(), part, rest, budget); s != Errno::Success) return s;
      continue;
    }
    return errno_from_host(e);
  }
  return Errno::Noent;
}

}  // namespace

Errno check_guest_path(std::string_view path) {
  if (path.empty()) return Errno::Noent;
  if (path.find('\0') != std::string_view::npos) return Errno::Inval;
  if (path.front() == '/') return kEscapeErrno;
  return Errno::Success;
}

ErrnoOr<UniqueFd> open_beneath(int root, std::string_view path, int flags, mode_t mode, bool follow_final) {
  if (Errno e = check_guest_path(path); e != Errno::Success) return e;
  flags |= O_CLOEXEC;
  if (!force_walk.load(std::memory_order_relaxed) && !openat2_unavailable.load(std::memory_order_relaxed)) {
    ErrnoOr<UniqueFd> out = Errno::Io;
    const int how_flags = follow_final ? flags : flags | O_NOFOLLOW;
    if (try_openat2(root, std::string(path), how_flags, mode, out) == Openat2Outcome::Done) return out;
    openat2_unavailable.store(true, std::memory_order_relaxed);
  }
  return walk_beneath(root, path, flags, mode, follow_final);
}

ErrnoOr<ParentDir> open_parent_beneath(int root, std::string_view path) {
  if (Errno e = check_guest_path(path); e != Errno::Success) return e;
  std::string_view trimmed = path;
  while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.remove_suffix(1);
  ParentDir out;
  out.trailing_slash = trimmed.size() < path.size();
  const size_t slash = trimmed.rfind('/');
  std::string_view dir = slash == std::string_view::npos ? std::string_view{} : trimmed.substr(0, slash);
  std::string_view base = slash == std::string_view::npos ? trimmed : trimmed.substr(slash + 1);

  if (base == "." || base == "..") {
    auto fd = open_beneath(root, path, O_PATH | O_DIRECTORY, 0, true);
    if (!fd) return fd.error();
    out.owned = std::move(*fd);
    out.fd = out.owned.get();
    out.name = ".";
    out.trailing_slash = false;
    return out;
  }
  if (dir.empty()) {
    out.fd = root;
  } else {
    auto fd = open_beneath(root, dir, O_PATH | O_DIRECTORY, 0, true);
    if (!fd) return fd.error();
    out.owned = std::move(*fd);
    out.fd = out.owned.get();
  }
  out.name = std::string(base);
  if (out.trailing_slash) out.name += '/';
  return out;
}

void force_component_walk_for_testing(bool force) { force_walk.store(force); }

}  // namespace stratus::wasi
