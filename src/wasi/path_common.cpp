#include "wasi/path_common.hpp"

#include "wasi/abi.hpp"

namespace stratus::wasi {

ErrnoOr<DirAndPath> dir_and_path(WasiCtx& ctx, const GuestMemory& mem, uint32_t fd, uint64_t rights,
                                 uint32_t path, uint32_t path_len) {
  FdEntry* dir = ctx.fds().get(fd);
  if (!dir) return Errno::Badf;
  if (dir->filetype != abi::kFiletypeDirectory) return Errno::Notdir;
  if (!dir->has(rights)) return dir->lacking(rights);
  auto text = mem.string(path, path_len);
  if (!text) return Errno::Fault;
  return DirAndPath{dir, std::string(*text)};
}

std::string proc_fd_path(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

}  // namespace stratus::wasi
