#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "wasi/clocks.hpp"
#include "wasi/p2/wasi_p2.hpp"

namespace stratus::wasi::p2 {

Result<std::unique_ptr<WasiP2Ctx>> WasiP2Ctx::create(const WasiP2Config& config) {
  WasiConfig core;
  core.args = StringList::of(config.args);
  core.env = StringList::of(config.env);
  for (const Preopen& p : config.preopens) core.preopen_dirs.push_back({p.host_path, p.guest_path});
  core.stdin_fd = config.stdin_fd;
  core.stdout_fd = config.stdout_fd;
  core.stderr_fd = config.stderr_fd;
  core.shared_stdio = config.shared_stdio;
  auto created = WasiCtx::create(std::move(core));
  if (!created) return created.error();

  std::unique_ptr<WasiP2Ctx> ctx(new WasiP2Ctx());
  ctx->core_ = std::move(created).value();
  for (const std::string& entry : config.env) {
    const size_t eq = entry.find('=');
    if (eq == std::string::npos) ctx->environment_.emplace_back(entry, "");
    else ctx->environment_.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
  }
  ctx->initial_cwd_ = config.initial_cwd;
  // Preview 1 numbers the preopens 3, 4, ... in the order given.
  for (size_t i = 0; i < config.preopens.size(); ++i) {
    FdEntry* entry = ctx->core_->fds().get(static_cast<uint32_t>(3 + i));
    ctx->preopens_.push_back({entry->host.get(), config.preopens[i].guest_path, config.preopens[i].read_only});
  }
  ctx->network_ = config.network;
  ctx->table_ = ResourceTable(config.max_resources);
  uint64_t seeds[3] = {};
  if (!fill_random({reinterpret_cast<uint8_t*>(seeds), sizeof seeds}))
    return Error(ErrorKind::Io, std::string("cannot read the host's random source: ") + std::strerror(errno));
  ctx->insecure_seed_ = {seeds[0], seeds[1]};
  ctx->insecure_state_ = seeds[2];
  return ctx;
}

int WasiP2Ctx::stdio_fd(uint32_t n) const {
  FdEntry* entry = core_->fds().get(n);
  return entry ? entry->host.get() : -1;
}

bool WasiP2Ctx::is_terminal(int fd) const { return fd >= 0 && ::isatty(fd) == 1; }

uint64_t WasiP2Ctx::next_insecure_u64() {
  // splitmix64: tiny, fast, and every seed gives a full-period sequence.
  uint64_t z = (insecure_state_ += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

}  // namespace stratus::wasi::p2
