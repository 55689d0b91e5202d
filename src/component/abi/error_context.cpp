#include "component/abi/error_context.hpp"

#include <cstring>
#include <memory>

#include "component/abi/traps.hpp"

namespace stratus::component::abi {

namespace {

constexpr const char* kWant = "error context";

Result<HandleTable*> table_of(const LiftLowerContext& cx) {
  if (!cx.handles) return host_value_error("passing an error-context needs the instance's handle table");
  return cx.handles;
}

}  // namespace

Result<uint32_t> error_context_new(LiftLowerContext& cx, GuestString message) {
  auto table = table_of(cx);
  if (!table) return table.error();
  auto lifted = lift_string(cx, message);
  if (!lifted) return lifted.error();
  return (*table)->add(std::make_shared<ErrorContextElement>(std::move(*lifted)));
}

Result<void> error_context_debug_message(LiftLowerContext& cx, uint32_t index, uint32_t ptr) {
  auto table = table_of(cx);
  if (!table) return table.error();
  auto found = (*table)->get_element<ErrorContextElement>(index, kWant);
  if (!found) return found.error();
  // Held here: the realloc below may drop the guest's handle.
  const std::shared_ptr<ErrorContextElement> e = *found;
  auto stored = lower_string(cx, e->debug_message());
  if (!stored) return stored.error();
  auto memory = cx.memory();  // after the realloc, which may have grown it
  if (!memory) return memory.error();
  if (!(*memory)->contains(ptr, 8))
    return abi_trap("error-context.debug-message's result pointer " + hex(ptr) + " is out of bounds");
  std::memcpy((*memory)->base + ptr, &stored->ptr, 4);
  std::memcpy((*memory)->base + ptr + 4, &stored->tagged_code_units, 4);
  return {};
}

Result<void> error_context_drop(HandleTable& table, uint32_t index) {
  auto removed = table.remove_element<ErrorContextElement>(index, kWant);
  if (!removed) return removed.error();
  return {};
}

Result<Val> lift_error_context(LiftLowerContext& cx, uint32_t index) {
  auto table = table_of(cx);
  if (!table) return table.error();
  auto e = (*table)->get_element<ErrorContextElement>(index, kWant);
  if (!e) return e.error();
  return Val(ErrorContext{(*e)->debug_message()});
}

Result<uint32_t> lower_error_context(LiftLowerContext& cx, const ErrorContext& v) {
  auto table = table_of(cx);
  if (!table) return table.error();
  return (*table)->add(std::make_shared<ErrorContextElement>(v.debug_message));
}

}  // namespace stratus::component::abi
