// A trap: its kind, the spec's message, and where in the guest it happened.
#pragma once

#include <cstddef>
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
  // The component model's canonical ABI. The message says what was wrong.
  CanonicalAbi,          // a bad value or range from a guest: char, discriminant, string, pointer, length, realloc
  InvalidResourceHandle, // unknown, dropped, lent or wrong-typed handle; a borrow outliving its call
  CannotEnterComponent,  // reentrance: a call into a component instance already on the stack
  CannotLeaveComponent,  // a call out of an instance while it may not leave (in realloc, post-return)
};

// The spec test suite's wording for each kind ("integer divide by zero", ...).
std::string_view trap_message(TrapKind kind);

// A backtrace copies at most this much of each name, so a trap deep in a function with a
// megabyte-long name costs kilobytes, not a megabyte per frame.
inline constexpr size_t kMaxFrameNameBytes = 1024;

struct Frame {
  uint32_t func_index = 0;        // in the module's function index space
  std::string func_name;          // from the name section; empty if absent
  std::string module_name;        // from the name section; empty if absent
  uint32_t code_offset = 0;       // byte offset in the module of the instruction, 0 if unknown
  // The names' lengths in the name section, when more than the text above: a backtrace keeps
  // only the first kMaxFrameNameBytes (cut at a character boundary). 0: the text is whole.
  uint64_t func_name_bytes = 0;
  uint64_t module_name_bytes = 0;
};

// Frames a deep stack left out of a backtrace: `count` of them between backtrace()[index - 1]
// and backtrace()[index]. A trap keeps only the innermost and the outermost frames.
struct OmittedFrames {
  size_t index = 0;
  uint64_t count = 0;
};

// Trap::to_string prints at most this many innermost and this many outermost frames.
inline constexpr size_t kPrintedBacktraceFrames = 50;

class Trap {
 public:
  Trap(TrapKind kind, std::string message, std::vector<Frame> backtrace = {}, int32_t exit_code = 0,
       OmittedFrames omitted = {})
      : kind_(kind),
        message_(std::move(message)),
        backtrace_(std::move(backtrace)),
        exit_code_(exit_code),
        omitted_(omitted) {}

  TrapKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  // Innermost frame first; names are the guest's bytes as they are.
  const std::vector<Frame>& backtrace() const { return backtrace_; }
  const OmittedFrames& omitted_frames() const { return omitted_; }
  // For TrapKind::Exit: the status the guest asked for.
  int32_t exit_code() const { return exit_code_; }
  // For people: the message followed by one "  at ..." line per frame, every name and the
  // message passed through printable(). Of a long backtrace only the innermost and the
  // outermost kPrintedBacktraceFrames are printed, with a "  … N frames omitted …" line
  // where frames were left out (here or by omitted_frames()).
  std::string to_string() const;

 private:
  TrapKind kind_;
  std::string message_;
  std::vector<Frame> backtrace_;
  int32_t exit_code_;
  OmittedFrames omitted_;
};

}  // namespace stratus
