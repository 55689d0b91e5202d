// libFuzzer target: component decode + validate. Any input must give a value or an error,
// never a crash, a hang or unbounded memory.
#include <cstddef>
#include <cstdint>
#include <span>

#include "component/binary/decoder.hpp"
#include "component/validate/validator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto decoded = stratus::component::decode_component(std::span<const uint8_t>(data, size));
  if (!decoded) return 0;
  auto validated = stratus::component::validate_component(*decoded);
  (void)validated;
  return 0;
}
