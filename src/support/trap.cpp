// Traps and the error that carries them.
#include <cstdio>

#include "stratus/result.hpp"
#include "stratus/trap.hpp"

namespace stratus {

std::string_view trap_message(TrapKind kind) {
  switch (kind) {
    case TrapKind::Unreachable: return "unreachable";
    case TrapKind::IntegerDivideByZero: return "integer divide by zero";
    case TrapKind::IntegerOverflow: return "integer overflow";
    case TrapKind::InvalidConversionToInteger: return "invalid conversion to integer";
    case TrapKind::OutOfBoundsMemoryAccess: return "out of bounds memory access";
    case TrapKind::OutOfBoundsTableAccess: return "out of bounds table access";
    case TrapKind::IndirectCallTypeMismatch: return "indirect call type mismatch";
    case TrapKind::UninitializedElement: return "uninitialized element";
    case TrapKind::UndefinedElement: return "undefined element";
    case TrapKind::CallStackExhausted: return "call stack exhausted";
    case TrapKind::Interrupt: return "interrupted: execution time limit reached";
    case TrapKind::HostTrap: return "host trap";
    case TrapKind::Exit: return "exit";
  }
  return "unknown trap";
}

std::string Trap::to_string() const {
  std::string out = message_;
  for (const Frame& f : backtrace_) {
    out += "\n  at ";
    if (!f.module_name.empty()) out += f.module_name + "!";
    out += f.func_name.empty() ? "func[" + std::to_string(f.func_index) + "]" : f.func_name;
    if (f.code_offset != 0) {
      char hex[32];
      std::snprintf(hex, sizeof hex, " @ 0x%x", f.code_offset);
      out += hex;
    }
  }
  return out;
}

Error::Error(std::shared_ptr<const Trap> trap)
    : kind_(ErrorKind::Trap), message_(trap ? trap->message() : std::string("trap")), trap_(std::move(trap)) {}

}  // namespace stratus
