// libFuzzer entry point for the printer (binary -> text -> binary): the input as a module
// binary. Printing must fail cleanly or give text; a module that also validates must print as
// text the parser reads, and that text, printed by index, must be a fixed point: the module
// read back prints as the same text. Either failing is an abort.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "binary/decoder.hpp"
#include "stratus/text.hpp"
#include "validate/validator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  stratus::text::PrintOptions plain;
  plain.names = false;
  plain.custom_sections = false;
  plain.max_output_bytes = size_t{64} << 20;
  auto text = stratus::text::binary_to_wat(bytes, plain);
  (void)stratus::text::binary_to_wat(bytes);
  if (!text) return 0;
  auto decoded = stratus::binary::decode(bytes);
  if (!decoded || !stratus::validate::validate(*decoded).ok()) return 0;
  auto reparsed = stratus::text::wat_to_binary(*text);
  if (!reparsed) std::abort();
  auto again = stratus::text::binary_to_wat(*reparsed, plain);
  if (!again || *again != *text) std::abort();
  return 0;
}
