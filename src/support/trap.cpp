// Traps and the error that carries them.
#include <cstdio>

#include "stratus/printable.hpp"
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
    case TrapKind::CanonicalAbi: return "canonical ABI violation";
    case TrapKind::InvalidResourceHandle: return "invalid resource handle";
    case TrapKind::CannotEnterComponent: return "cannot enter component instance";
    case TrapKind::CannotLeaveComponent: return "cannot leave component instance";
  }
  return "unknown trap";
}

namespace {

void append_frame(std::string& out, const Frame& f) {
  out += "\n  at ";
  if (!f.module_name.empty()) out += printable(f.module_name, kPrintableNameBytes, f.module_name_bytes) + "!";
  out += f.func_name.empty() ? "func[" + std::to_string(f.func_index) + "]"
                             : printable(f.func_name, kPrintableNameBytes, f.func_name_bytes);
  if (f.code_offset != 0) {
    char hex[32];
    std::snprintf(hex, sizeof hex, " @ 0x%x", f.code_offset);
    out += hex;
  }
}

void append_omitted(std::string& out, uint64_t count) {
  out += "\n  \u2026 " + std::to_string(count) + (count == 1 ? " frame" : " frames") + " omitted \u2026";
}

}  // namespace

std::string Trap::to_string() const {
  std::string out = printable(message_, kPrintableMessageBytes);
  const size_t n = backtrace_.size();
  uint64_t left_out = 0;  // frames not printed since the last one that was
  for (size_t i = 0; i < n; ++i) {
    if (i == omitted_.index) left_out += omitted_.count;
    if (i >= kPrintedBacktraceFrames && n - i > kPrintedBacktraceFrames) {
      ++left_out;
      continue;
    }
    if (left_out) append_omitted(out, left_out);
    left_out = 0;
    append_frame(out, backtrace_[i]);
  }
  if (omitted_.index >= n) left_out += omitted_.count;
  if (left_out) append_omitted(out, left_out);
  return out;
}

Error::Error(std::shared_ptr<const Trap> trap)
    : kind_(ErrorKind::Trap), message_(trap ? trap->message() : std::string("trap")), trap_(std::move(trap)) {}

}  // namespace stratus
