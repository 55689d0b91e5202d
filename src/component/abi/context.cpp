#include "component/abi/context.hpp"

#include <string>

#include "component/abi/traps.hpp"

namespace stratus::component::abi {

Result<GuestMemory*> LiftLowerContext::memory() const {
  if (!options.memory) return host_value_error("canonical option `memory` is required to pass this value");
  return options.memory;
}

Result<uint32_t> LiftLowerContext::reallocate(uint32_t old_ptr, uint32_t old_size, uint32_t align,
                                              uint32_t new_size) {
  auto mem = memory();
  if (!mem) return mem.error();
  if (!options.realloc || !*options.realloc) {
    return host_value_error("canonical option `realloc` is required to pass this value");
  }
  Result<uint32_t> ptr = uint32_t{0};
  auto call = [&]() -> Result<void> {
    ptr = (*options.realloc)(**mem, old_ptr, old_size, align, new_size);
    if (!ptr) return ptr.error();
    return {};
  };
  Result<void> ran = instance ? instance->without_leaving(call) : call();
  if (!ran) return ran.error();
  if (*ptr % align != 0) {
    return abi_trap("realloc returned " + hex(*ptr) + ", which is not " + std::to_string(align) + "-byte aligned");
  }
  if (!(*mem)->contains(*ptr, new_size)) {
    return abi_trap("realloc returned " + hex(*ptr) + " for " + std::to_string(new_size) +
                    " bytes, which is out of bounds of linear memory (" + std::to_string((*mem)->size) + " bytes)");
  }
  return *ptr;
}

}  // namespace stratus::component::abi
