// libFuzzer entry for the canonical ABI (see component_abi_harness.hpp).
#include <cstddef>
#include <cstdint>

#include "component_abi_harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)stratus::component::abi::fuzz::run_one(data, size);
  return 0;
}
