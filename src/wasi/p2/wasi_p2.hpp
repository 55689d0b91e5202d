// WASI 0.2 for components: build a WasiP2Ctx per Store, add_to_linker() once per Linker.
//
// add_to_linker defines every WASI 0.2 interface (wasi:io, clocks, random, cli, filesystem,
// sockets) at the newest 0.2 patch the bindings know; older 0.2.x imports match by semver.
// The host functions find the Store's context through `get_ctx`, or, without one, through
// Store::user_data(), which must then point at the WasiP2Ctx (the CLI does this):
//
//   auto ctx = WasiP2Ctx::create(config);             // per Store
//   component::Linker linker(engine);
//   add_to_linker(linker);                             // once
//   Store store(engine);
//   store.set_user_data(ctx->get());
//
// exit(result) and exit-with-code(u8) end the run with a Trap of kind Exit carrying the
// status (0 for ok, 1 for err), as preview 1's proc_exit does.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "stratus/component/bindings.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"
#include "wasi/ctx.hpp"
#include "wasi/p2/resource_table.hpp"

namespace stratus::wasi::p2 {

struct Preopen {
  std::string host_path;   // opened by WasiP2Ctx::create
  std::string guest_path;  // what wasi:filesystem/preopens get-directories reports
  bool read_only = false;  // every write through it fails (wasi:filesystem error-code read-only/not-permitted)
};

// Which network the guest may use, in wasmtime's terms (`-S inherit-network`,
// `-S allow-ip-name-lookup`, `-S tcp`, `-S udp`). With inherit_network false every socket
// operation that reaches the network fails with access-denied.
struct NetworkPolicy {
  bool inherit_network = false;
  bool allow_ip_name_lookup = false;
  bool tcp = true;  // tcp-create-socket allowed (still subject to inherit_network)
  bool udp = true;
  // wasi:http/outgoing-handler may send requests (`-S http`); when false, `handle` answers
  // HTTP-request-denied. Independent of inherit_network, as in wasmtime, since the host makes
  // the connection, not the guest.
  bool outgoing_http = true;
  // With inherit_network: the addresses the guest may bind, connect or send to, as CIDR
  // blocks ("127.0.0.0/8", "::1/128"); empty allows every address.
  std::vector<std::string> allowed_cidrs;
};

struct WasiP2Config {
  std::vector<std::string> args;  // args[0] is the program name the guest sees
  std::vector<std::string> env;   // "NAME=VALUE"
  std::vector<Preopen> preopens;
  std::optional<std::string> initial_cwd;  // wasi:cli/environment initial-cwd
  // Host descriptors behind stdin, stdout, stderr; duplicated, so the guest never closes the
  // host's. -1: stdin is empty, output is discarded.
  int stdin_fd = 0;
  int stdout_fd = 1;
  int stderr_fd = 2;
  // When set, stdio comes from it (adopted once for every context made from this config) and
  // the three above are not used.
  std::shared_ptr<const SharedStdio> shared_stdio;
  NetworkPolicy network;
  uint32_t max_resources = kDefaultMaxHostObjects;  // see ResourceTable
};

// The state one Store's guest sees. Built on preview 1's WasiCtx, so both have the same
// stdio, arguments, environment and preopened directories, opened the same way.
class WasiP2Ctx {
 public:
  // Opens every preopen; a missing or non-directory path is an Io error naming it.
  static Result<std::unique_ptr<WasiP2Ctx>> create(const WasiP2Config& config);

  std::vector<std::string> args() const { return core_->args().to_vector(); }
  // wasi:cli/environment get-environment: NAME=VALUE split at the first '='.
  const std::vector<std::pair<std::string, std::string>>& environment() const { return environment_; }
  const std::optional<std::string>& initial_cwd() const { return initial_cwd_; }

  // The host fds behind stdio (owned by the context), -1 when absent.
  int stdin_fd() const { return stdio_fd(0); }
  int stdout_fd() const { return stdio_fd(1); }
  int stderr_fd() const { return stdio_fd(2); }
  bool is_terminal(int fd) const;

  struct OpenPreopen {
    int dir_fd;  // owned by the context
    std::string guest_path;
    bool read_only;
  };
  const std::vector<OpenPreopen>& preopens() const { return preopens_; }

  const NetworkPolicy& network() const { return network_; }
  ResourceTable& table() { return table_; }
  // wasi:random/insecure-seed: fixed for the context's life, as the WIT asks.
  std::pair<uint64_t, uint64_t> insecure_seed() const { return insecure_seed_; }
  // wasi:random/insecure: a fast generator seeded once from the host's random source.
  uint64_t next_insecure_u64();

  // Preview 1's context, for code that shares its descriptor machinery.
  WasiCtx& core() { return *core_; }

 private:
  WasiP2Ctx() = default;
  int stdio_fd(uint32_t n) const;

  std::shared_ptr<WasiCtx> core_;
  std::vector<std::pair<std::string, std::string>> environment_;
  std::optional<std::string> initial_cwd_;
  std::vector<OpenPreopen> preopens_;
  NetworkPolicy network_;
  ResourceTable table_;
  std::pair<uint64_t, uint64_t> insecure_seed_{};
  uint64_t insecure_state_ = 0;
};

using CtxLookup = std::function<WasiP2Ctx&(Store&)>;

// Defines every WASI 0.2 interface in `linker`. Without `get_ctx`, Store::user_data() must
// be the Store's WasiP2Ctx* whenever the guest calls WASI (an embedder's precondition,
// asserted). The context must outlive the Store: ending a Store drops the resources its
// guest still holds, which reaches the context's table.
Result<void> add_to_linker(component::Linker& linker, CtxLookup get_ctx = nullptr);
// The same, recording the resource types it defines in `types`, for interfaces added after
// it that use them (wasi:http's streams and pollables are wasi:io's).
Result<void> add_to_linker(component::Linker& linker, component::bindings::ResourceTypes& types,
                           CtxLookup get_ctx = nullptr);

// The lookup add_to_linker uses without one: Store::user_data() as the WasiP2Ctx*.
WasiP2Ctx& ctx_from_user_data(Store& store);

}  // namespace stratus::wasi::p2
