// The state one WASI guest sees: its arguments, environment and descriptor table.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "stratus/result.hpp"
#include "wasi/fd_table.hpp"
#include "wasi/string_list.hpp"

namespace stratus::wasi {

struct PreopenDir {
  std::string host_path;   // opened by the host at creation time
  std::string guest_path;  // what fd_prestat_dir_name reports, e.g. "." or "/data"
  bool read_only = false;  // nothing beneath it may be created, changed or removed
};

// Host stdio adopted once for many contexts (a server makes one per request): the
// descriptors are duplicated and typed here, once, and each context's fds 0, 1 and 2 use
// them without a system call. A guest closing one only forgets it; the last context or
// holder to go closes them.
class SharedStdio {
 public:
  // -1 for a stream the guest does not get (EBADF on that number).
  static std::shared_ptr<const SharedStdio> adopt(int stdin_fd, int stdout_fd, int stderr_fd);
  SharedStdio(const SharedStdio&) = delete;
  SharedStdio& operator=(const SharedStdio&) = delete;
  ~SharedStdio();

  // The entry for guest fd `n` (0-2), borrowing the descriptor; nothing when absent.
  std::optional<FdEntry> entry(uint32_t n) const;

 private:
  SharedStdio() = default;
  struct Stream {
    int fd = -1;
    uint8_t filetype = 0;
    uint64_t rights_base = 0;
  };
  Stream streams_[3];
};

struct WasiConfig {
  StringList args;  // args[0] is the program name the guest sees
  StringList env;   // "NAME=VALUE"
  std::vector<PreopenDir> preopen_dirs;
  // Already-listening or connected host sockets handed to the guest (sock_accept & co.).
  // They are duplicated; the caller keeps its own descriptors.
  std::vector<int> preopen_sockets;
  // Host descriptors behind guest fds 0, 1, 2; duplicated so the guest closing its stdout
  // never closes the host's.
  int stdin_fd = 0;
  int stdout_fd = 1;
  int stderr_fd = 2;
  // When set, fds 0-2 come from it and the three above are not used.
  std::shared_ptr<const SharedStdio> shared_stdio;
};

class WasiCtx {
 public:
  // Opens every preopen; a missing or non-directory path is an Io error naming it.
  // Takes the config by value: moved in, its arguments and environment are not copied again.
  static Result<std::shared_ptr<WasiCtx>> create(WasiConfig config);

  const StringList& args() const { return args_; }
  const StringList& env() const { return env_; }
  FdTable& fds() { return fds_; }

 private:
  WasiCtx() = default;
  StringList args_;
  StringList env_;
  FdTable fds_;
  std::shared_ptr<const SharedStdio> shared_stdio_;  // what fds 0-2 borrow from, if anything
};

// Stdio and sockets: filetype from fstat.
uint8_t filetype_of_mode(uint32_t st_mode);

}  // namespace stratus::wasi
