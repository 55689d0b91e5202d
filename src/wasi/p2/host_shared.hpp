// What the WASI 0.2 hosts share with WASI 0.3's (src/wasi/p3/), which runs on the same
// WasiP2Ctx: the exit trap, the terminal objects in the context's table, and reading a clock.
#pragma once

#include <time.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "stratus/component/bindings.hpp"
#include "stratus/result.hpp"
#include "wasi/p2/resource_table.hpp"
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

// Ends the run as preview 1's proc_exit does: a Trap of kind Exit with the status.
Error exit_trap(int32_t status);

// The clock's time (or, with `resolution`, its resolution) in nanoseconds. Reading a clock
// the host has cannot fail on Linux; if it ever does, the call traps with the reason.
Result<uint64_t> read_clock(clockid_t clock, bool resolution);

}  // namespace stratus::wasi::p2
