// Everything one lift or lower reads: the types and their layouts, the canonical options,
// and, for resources, the handle tables and the call's scope (CanonicalABI.md's
// LiftLowerContext).
#pragma once

#include <cstdint>
#include <span>

#include "component/abi/guest_memory.hpp"
#include "component/abi/handles.hpp"
#include "component/abi/instance_flags.hpp"
#include "component/abi/layout.hpp"
#include "component/types/types.hpp"

namespace stratus::component::abi {

struct LiftLowerContext {
  LiftLowerContext(const TypeTables& t, const Layouts& l, MemoryOptions o) : types(t), layouts(l), options(o) {}

  const TypeTables& types;
  const Layouts& layouts;
  MemoryOptions options;
  // The guest instance's flags (realloc runs with may_leave cleared) and handle table.
  ComponentInstanceFlags* instance = nullptr;
  HandleTable* handles = nullptr;
  // What the host holds: a Val's ResourceHandle is an index into it.
  HandleTable* host_handles = nullptr;
  // The call being made: a lifted call's scope counts the borrows the guest gets; a lowered
  // call's scope holds the guest's handles lent to the host for it.
  CallScope* scope = nullptr;
  // The run-time resource type of each TypeTables resource index (an own<T>'s or borrow<T>'s
  // ValType::index) in this instance.
  std::span<const RuntimeResourceType* const> resource_types;

  // `cabi_realloc` with may_leave cleared, its result checked: aligned to `align` and
  // [ptr, ptr + new_size) inside the memory, else a trap saying what the guest returned.
  Result<uint32_t> reallocate(uint32_t old_ptr, uint32_t old_size, uint32_t align, uint32_t new_size);
  Result<uint32_t> allocate(uint32_t align, uint32_t size) { return reallocate(0, 0, align, size); }

  // The memory, or an Error when the options have none (a type that needs it was lifted or
  // lowered without `memory`).
  Result<GuestMemory*> memory() const;
};

}  // namespace stratus::component::abi
