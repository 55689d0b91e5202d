// What the WASI 0.2 hosts share with WASI 0.3's (src/wasi/p3/), which runs on the same
// WasiP2Ctx: the exit trap, the terminal objects in the context's table, reading a clock, the
// environment as the WIT lists it, random bytes, and the streams over stdio.
#pragma once

#include <time.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "stratus/component/bindings.hpp"
#include "stratus/result.hpp"
#include "wasi/p2/resource_table.hpp"
#include "wasi/p2/streams.hpp"
#include "wasi/p2/wasi_p2.hpp"

namespace stratus::wasi::p2 {

class TerminalInput final : public HostObject {
 public:
  std::string_view resource_name() const override { return "terminal-input"; }
};
class TerminalOutput final : public HostObject {
 public:
  std::string_view resource_name() const override { return "terminal-output"; }
};

// A new terminal object of type Object for the guest when `fd` is a terminal, else none.
template <class Object, class Tag>
Result<std::optional<component::bindings::Own<Tag>>> terminal_if(WasiP2Ctx& ctx, int fd) {
  if (!ctx.is_terminal(fd)) return std::optional<component::bindings::Own<Tag>>();
  auto rep = ctx.table().push(std::make_unique<Object>());
  if (!rep) return rep.error();
  return std::optional<component::bindings::Own<Tag>>(component::bindings::Own<Tag>{*rep});
}

// The streams over a stdio descriptor of the context (WasiP2Ctx::stdin_fd, ...): an absent
// stdin (-1) reads as empty; an absent stdout or stderr discards what is written.
std::unique_ptr<InputStream> input_over(int fd);
std::unique_ptr<OutputStream> output_over(int fd);

// Ends the run as preview 1's proc_exit does: a Trap of kind Exit with the status.
Error exit_trap(int32_t status);

// The clock's time (or, with `resolution`, its resolution) in nanoseconds. Reading a clock
// the host has cannot fail on Linux; if it ever does, the call traps with the reason.
Result<uint64_t> read_clock(clockid_t clock, bool resolution);

// The guest's environment as wasi:cli/environment's get-environment returns it.
std::vector<std::tuple<std::string, std::string>> environment_list(WasiP2Ctx& ctx);

// `len` bytes from the host's secure random source (a trap with the reason if it fails), and
// `len` bytes of the context's insecure generator. Callers bound `len` first.
Result<std::vector<uint8_t>> secure_random_bytes(size_t len);
Result<uint64_t> secure_random_u64();
std::vector<uint8_t> insecure_random_bytes(WasiP2Ctx& ctx, size_t len);

}  // namespace stratus::wasi::p2
