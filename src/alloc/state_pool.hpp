// Pooled instance state: one fixed slot per Store for the host-side records of its instances
// (function, global, table and instance records), reserved once per engine.
//
// Unlike memory and table slots, a state slot is not wiped on release. Nothing in it is
// addressable by wasm, and the Store constructs every object before use, so a tenant can
// never read what the previous one left; its pages stay resident for the next Store, as a
// heap allocator's freed blocks would.
#pragma once

#include <cstdint>
#include <optional>

#include "alloc/instance_allocator.hpp"
#include "alloc/slot_row.hpp"

namespace stratus::alloc {

class StatePool {
 public:
  StatePool() = default;
  static Result<StatePool> create(uint32_t slots, uint64_t bytes_per_slot);

  // None when every slot is taken.
  std::optional<StateSlot> allocate();
  uint32_t slots_in_use() const { return row_.in_use(); }
  void release(uint32_t slot) { row_.give_back(slot); }

 private:
  SlotRow row_;
};

}  // namespace stratus::alloc
