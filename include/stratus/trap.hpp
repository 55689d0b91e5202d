// A trap: its kind, the spec's message, and where in the guest it happened.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stratus {

enum class TrapKind : uint8_t {
  Unreachable,
  IntegerDivideByZero,
  IntegerOverflow,
  InvalidConversionToInteger,
  OutOfBoundsMemoryAccess,
  OutOfBoundsTableAccess,
  IndirectCallTypeMismatch,
  UninitializedElement,  // call_indirect through a null table entry
  UndefinedElement,      // call_indirect index past the table's end
  CallStackExhausted,
  Interrupt,             // epoch deadline reached or Store::interrupt()
  HostTrap,              // a host function asked to trap
  Exit,                  // a host function ended execution on purpose (e.g. WASI proc_exit)
};

// The spec test suite's wording for each kind ("integer divide by zero", ...).
std::string_view trap_message(TrapKind kind);

struct Frame {
  uint32_t func_index = 0;        // in the module's function index space
  std::string func_name;          // from the name section; empty if absent
  std::string module_name;        // from the name section; empty if absent
  uint32_t code_offset = 0;       // byte offset in the module of the instruction, 0 if unknown
};

class Trap {
 public:
  Trap(TrapKind kind, std::string message, std::vector<Frame> backtrace = {}, int32_t exit_code = 0)
      : kind_(kind), message_(std::move(message)), backtrace_(std::move(backtrace)), exit_code_(exit_code) {}

  TrapKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  // Innermost frame first.
  const std::vector<Frame>& backtrace() const { return backtrace_; }
  // For TrapKind::Exit: the status the guest asked for.
  int32_t exit_code() const { return exit_code_; }
  // Message followed by one "  at ..." line per frame.
  std::string to_string() const;

 private:
  TrapKind kind_;
  std::string message_;
  std::vector<Frame> backtrace_;
  int32_t exit_code_;
};

}  // namespace stratus
