// libFuzzer entry point for the text format (text -> binary -> decode + validate): the input
// as a module's text and as a .wast script. Parsing must fail cleanly or give a binary the
// decoder and validator then judge; none of it may crash. (A binary the decoder rejects is not
// an abort here: the text can state counts past the decoder's implementation limits.)
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "binary/decoder.hpp"
#include "stratus/text.hpp"
#include "text/script.hpp"
#include "validate/validator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // With names: the name section is appended to what the parser writes without them.
  if (auto binary = stratus::text::wat_to_binary(text, {.debug_names = true})) {
    auto decoded = stratus::binary::decode(*binary, stratus::binary::BodyScan::Full);
    if (decoded) (void)stratus::validate::validate(*decoded);
  }
  (void)stratus::text::parse_script(text);
  return 0;
}
