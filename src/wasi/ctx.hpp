// The state one WASI guest sees: its arguments, environment and descriptor table.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "stratus/result.hpp"
#include "wasi/fd_table.hpp"

namespace stratus::wasi {

struct PreopenDir {
  std::string host_path;   // opened by the host at creation time
  std::string guest_path;  // what fd_prestat_dir_name reports, e.g. "." or "/data"
  bool read_only = false;  // nothing beneath it may be created, changed or removed
};

struct WasiConfig {
  std::vector<std::string> args;  // args[0] is the program name the guest sees
  std::vector<std::string> env;   // "NAME=VALUE"
  std::vector<PreopenDir> preopen_dirs;
  // Already-listening or connected host sockets handed to the guest (sock_accept & co.).
  // They are duplicated; the caller keeps its own descriptors.
  std::vector<int> preopen_sockets;
  // Host descriptors behind guest fds 0, 1, 2; duplicated so the guest closing its stdout
  // never closes the host's.
  int stdin_fd = 0;
  int stdout_fd = 1;
  int stderr_fd = 2;
};

class WasiCtx {
 public:
  // Opens every preopen; a missing or non-directory path is an Io error naming it.
  // Takes the config by value: moved in, its arguments and environment are not copied again.
  static Result<std::shared_ptr<WasiCtx>> create(WasiConfig config);

  const std::vector<std::string>& args() const { return args_; }
  const std::vector<std::string>& env() const { return env_; }
  FdTable& fds() { return fds_; }

 private:
  WasiCtx() = default;
  std::vector<std::string> args_;
  std::vector<std::string> env_;
  FdTable fds_;
};

// Stdio and sockets: filetype from fstat.
uint8_t filetype_of_mode(uint32_t st_mode);

}  // namespace stratus::wasi
