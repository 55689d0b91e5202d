// A guest's memory and realloc, bound for one lift or lower (calls and async copies).
#pragma once

#include "component/abi/context.hpp"
#include "component/abi/guest_memory.hpp"
#include "component/instantiate/records.hpp"
#include "stratus/extern.hpp"
#include "stratus/store.hpp"

namespace stratus::component::detail {

// A guest's memory and realloc bound for one call. The GuestMemory is re-read after every
// call into the guest, since the guest may grow its memory.
struct BoundMemory {
  BoundMemory(Store& store, const CanonOptions& options) : store_(store), options_(options) {
    refresh();
    if (options.realloc) {
      realloc_ = [this](abi::GuestMemory& memory, uint32_t old_ptr, uint32_t old_size, uint32_t align,
                        uint32_t new_size) -> Result<uint32_t> {
        uint64_t cells[4] = {old_ptr, old_size, align, new_size};
        auto called = stratus::detail::call_cells(store_, options_.realloc->raw(), cells);
        refresh();
        memory = guest;
        if (!called) return called.error();
        return static_cast<uint32_t>(cells[0]);
      };
    }
  }
  void refresh() {
    if (options_.memory) guest = abi::GuestMemory{options_.memory->data(), options_.memory->size_bytes()};
  }
  abi::MemoryOptions memory_options() {
    abi::MemoryOptions o;
    o.encoding = options_.encoding;
    o.memory = options_.memory ? &guest : nullptr;
    o.realloc = options_.realloc ? &realloc_ : nullptr;
    return o;
  }
  // The context of one lift or lower between the host and `instance`'s guest through this
  // memory: the instance's flags, handle tables and resource types, and the call's scope.
  abi::LiftLowerContext context(const TypeTables& types, const abi::Layouts& layouts,
                                ComponentInstanceState& instance, abi::CallScope* scope = nullptr) {
    abi::LiftLowerContext cx(types, layouts, memory_options());
    cx.instance = &instance.flags;
    cx.handles = &instance.handles;
    cx.host_handles = instance.host_handles;
    cx.scope = scope;
    cx.resource_types = instance.resource_types;
    return cx;
  }

  abi::GuestMemory guest;

 private:
  Store& store_;
  const CanonOptions& options_;
  abi::Realloc realloc_;
};

}  // namespace stratus::component::detail
