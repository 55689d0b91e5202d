// Path resolution confined beneath a preopened directory.
//
// Every guest path is relative to a directory descriptor and must stay beneath it: absolute
// paths, `..` climbing above the directory and symlinks whose target leaves it all fail with
// kEscapeErrno, EPERM (63): the WASI test suite (interesting_paths) asserts exactly EPERM, and
// wasmtime returns it. (Node's uvwasi returns ENOTCAPABLE; it also lets symlinks out.)
//
// The kernel enforces the confinement via openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS).
// Where openat2 is missing (ENOSYS) we walk the path one component at a time with
// O_NOFOLLOW, expanding symlinks ourselves and tracking depth so `..` cannot climb out.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "wasi/errno.hpp"
#include "wasi/unique_fd.hpp"

namespace stratus::wasi {

inline constexpr Errno kEscapeErrno = Errno::Perm;

// Empty -> ENOENT, embedded NUL -> EINVAL, absolute -> kEscapeErrno, otherwise Success.
Errno check_guest_path(std::string_view path);

// openat(root, path, flags, mode) that cannot escape `root`. `follow_final` decides whether a
// symlink in the last component is followed (still beneath root) or refused with ELOOP
// (or, with O_PATH, opened as the link itself). O_CLOEXEC is always added.
ErrnoOr<UniqueFd> open_beneath(int root, std::string_view path, int flags, mode_t mode, bool follow_final);

// For operations that act on a name inside a directory (mkdirat, unlinkat, renameat, ...):
// the directory holding the last component, opened beneath `root`, and that component.
struct ParentDir {
  UniqueFd owned;          // empty when the parent is `root` itself
  int fd = -1;             // the descriptor to pass to the *at call
  std::string name;        // last component; keeps a trailing '/' so the kernel demands a directory
  bool trailing_slash = false;
};
// A last component of "." or ".." is resolved fully, so `name` is "." naming a directory that
// is itself beneath root; *at calls on it can never reach outside.
ErrnoOr<ParentDir> open_parent_beneath(int root, std::string_view path);

// Unit tests exercise the component walk on kernels that do have openat2.
void force_component_walk_for_testing(bool force);

}  // namespace stratus::wasi
