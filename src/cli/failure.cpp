#include "cli/failure.hpp"

#include <cstdio>

#include "cli/byte_size.hpp"
#include "cli/exit_codes.hpp"
#include "stratus/printable.hpp"
#include "stratus/trap.hpp"

namespace stratus::cli {

// Messages may quote names the module chose (imports, exports); printable() keeps them on
// one line and free of terminal escapes.
int usage_error(const std::string& message) {
  std::fprintf(stderr, "stratus: error: %s\n", printable(message, kPrintableMessageBytes).c_str());
  return kExitUsage;
}

// Trap::to_string escapes the guest's names and bounds the backtrace.
int execution_failure(const Error& error, const EngineConfig& config, bool timeout_expired) {
  if (const auto& trap = error.trap()) {
    if (trap->kind() == TrapKind::Exit) return trap->exit_code() & 0xff;
    if (trap->kind() == TrapKind::Interrupt)
      std::fprintf(stderr, "Error: wasm execution timed out (%s)\n",
                   timeout_expired ? "--timeout" : "--max-execution-time");
    if (trap->kind() == TrapKind::CallStackExhausted)
      std::fprintf(stderr,
                   "Error: the guest went deeper than the wasm stack allows (%s of values and locals, %u nested "
                   "calls); raise it with --max-wasm-stack BYTES\n",
                   bytes_text(config.max_wasm_stack).c_str(), config.max_call_depth);
    std::fprintf(stderr, "Error: %s\n", trap->to_string().c_str());
    return kExitTrap;
  }
  std::fprintf(stderr, "Error: %s\n", printable(error.message(), kPrintableMessageBytes).c_str());
  return kExitTrap;
}

}  // namespace stratus::cli
