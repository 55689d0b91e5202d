// Error contexts (CanonicalABI.md's ErrorContext): an immutable debug message a guest holds
// by handle in its instance's table, made by error-context.new, read by
// error-context.debug-message, dropped by error-context.drop, and passed across a call as an
// `error-context` value (lift_error_context, lower_error_context). A Val carries the message
// itself (stratus/component/val.hpp's ErrorContext).
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "component/abi/context.hpp"
#include "component/abi/handles.hpp"
#include "component/abi/strings.hpp"
#include "stratus/component/val.hpp"
#include "stratus/result.hpp"

namespace stratus::component::abi {

class ErrorContextElement final : public TableElement {
 public:
  explicit ErrorContextElement(std::string debug_message) : debug_message_(std::move(debug_message)) {}
  const char* kind_name() const override { return "error context"; }
  const std::string& debug_message() const { return debug_message_; }

 private:
  std::string debug_message_;
};

// `canon error-context.new`: lifts the guest's string (lift_string's traps: bounds,
// alignment, length, encoding) as the message and adds an error context to the table.
Result<uint32_t> error_context_new(LiftLowerContext& cx, GuestString message);
// `canon error-context.debug-message`: lowers the message through the guest's realloc and
// stores its pointer and length (in code units, tagged as a string's) at `ptr`. Traps when
// `index` is no error context or [ptr, ptr + 8) is out of bounds.
Result<void> error_context_debug_message(LiftLowerContext& cx, uint32_t index, uint32_t ptr);
// `canon error-context.drop`: a trap when `index` is no error context (never made, dropped,
// or another kind of handle).
Result<void> error_context_drop(HandleTable& table, uint32_t index);

// The value of the error context at `index` (the guest keeps its handle); a trap when none is there.
Result<Val> lift_error_context(LiftLowerContext& cx, uint32_t index);
// A new handle in the guest's table with `v`'s message.
Result<uint32_t> lower_error_context(LiftLowerContext& cx, const ErrorContext& v);

}  // namespace stratus::component::abi
