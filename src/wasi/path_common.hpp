// What every path_* call does first: find the directory descriptor, check its rights and
// read the guest's path string out of memory.
#pragma once

#include <string>
#include <string_view>

#include "wasi/calls.hpp"

namespace stratus::wasi {

struct DirAndPath {
  FdEntry* dir;
  std::string path;  // copied: guest memory must not change under a path we already checked
};

ErrnoOr<DirAndPath> dir_and_path(WasiCtx& ctx, const GuestMemory& mem, uint32_t fd, uint64_t rights,
                                 uint32_t path, uint32_t path_len);

// "/proc/self/fd/N": lets calls without an AT_EMPTY_PATH form (utimensat, linkat without
// CAP_DAC_READ_SEARCH) act on a descriptor that open_beneath already confined.
std::string proc_fd_path(int fd);

}  // namespace stratus::wasi
