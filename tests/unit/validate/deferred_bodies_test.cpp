// Compiling leaves the core bodies to the validator (binary::BodyScan::LeftToValidator): for
// every one-byte change and every truncation of a module with blocks, if/else, br_table, the
// data count rule and constants, decoding that way and validating gives the same outcome, down
// to the message, as a full decode followed by validation.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "binary/decoder.hpp"
#include "validate/validator.hpp"

namespace {

using stratus::binary::BodyScan;

// wat2wasm of: (type (func (param i32) (result i32))) (memory 1) (data "abc")
//   (func (type 0) (local i64) local.get 0 if (result i32) i32.const 1 else
//     block (result i32) i32.const 5 local.get 0 br_table 0 0 end end)
//   (func (param i32) (result i32) i32.const 0 i32.const 0 i32.const 1 memory.init 0 data.drop 0
//     local.get 0 i32.const 7 i32.add)
//   (func (result f64) f64.const 1.5 f64.const 2 f64.add)
const std::vector<uint8_t> kModule = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x02, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7c, 0x03, 0x04, 0x03, 0x00,
    0x00, 0x01, 0x05, 0x03, 0x01, 0x00, 0x01, 0x0c, 0x01, 0x01, 0x0a, 0x44,
    0x03, 0x17, 0x01, 0x01, 0x7e, 0x20, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x05,
    0x02, 0x7f, 0x41, 0x05, 0x20, 0x00, 0x0e, 0x01, 0x00, 0x00, 0x0b, 0x0b,
    0x0b, 0x14, 0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x01, 0xfc, 0x08, 0x00,
    0x00, 0xfc, 0x09, 0x00, 0x20, 0x00, 0x41, 0x07, 0x6a, 0x0b, 0x15, 0x00,
    0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x3f, 0x44, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0xa0, 0x0b, 0x0b, 0x06, 0x01, 0x01,
    0x03, 0x61, 0x62, 0x63,
};

// What compiling reports: the first error of decoding then validating (a body error may come
// from either step when the bodies are left to the validator), as its kind and message.
std::string outcome(const std::vector<uint8_t>& bytes, BodyScan scan) {
  auto decoded = stratus::binary::decode(bytes, scan);
  if (!decoded) return std::to_string(static_cast<int>(decoded.error().kind())) + " " + decoded.error().message();
  auto valid = stratus::validate::validate(*decoded);
  if (!valid) return std::to_string(static_cast<int>(valid.error().kind())) + " " + valid.error().message();
  return "ok";
}

TEST(DeferredBodies, TheModuleItselfIsValid) {
  EXPECT_EQ(outcome(kModule, BodyScan::Full), "ok");
  EXPECT_EQ(outcome(kModule, BodyScan::LeftToValidator), "ok");
}

TEST(DeferredBodies, EveryOneByteChangeFailsAsAFullDecodeWould) {
  const uint8_t values[] = {0x00, 0x01, 0x02, 0x04, 0x05, 0x0b, 0x0c, 0x0e, 0x40, 0x41, 0x7f, 0x80, 0xfc, 0xff};
  size_t rejected = 0;
  for (size_t at = 8; at < kModule.size(); ++at) {
    for (uint8_t v : values) {
      if (kModule[at] == v) continue;
      auto bytes = kModule;
      bytes[at] = v;
      const std::string full = outcome(bytes, BodyScan::Full);
      EXPECT_EQ(outcome(bytes, BodyScan::LeftToValidator), full) << "byte " << at << " set to " << int(v);
      rejected += full != "ok";
    }
  }
  EXPECT_GT(rejected, 1000u);  // the changes reach decoding and validation errors alike
}

TEST(DeferredBodies, EveryTruncationFailsAsAFullDecodeWould) {
  for (size_t n = 8; n < kModule.size(); ++n) {
    const std::vector<uint8_t> bytes(kModule.begin(), kModule.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_EQ(outcome(bytes, BodyScan::LeftToValidator), outcome(bytes, BodyScan::Full)) << n << " bytes";
  }
}

}  // namespace
