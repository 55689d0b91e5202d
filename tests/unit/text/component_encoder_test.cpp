// Component text without an oracle: the bytes of small components written out by hand (from
// the component model's Binary.md), errors with line:column, and hostile nesting refused
// rather than exhausting the stack.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stratus/text.hpp"
#include "text_test_support.hpp"

namespace stratus::text {
namespace {

using test_support::encode;
using test_support::error_of;

std::vector<uint8_t> component_bytes(std::initializer_list<uint8_t> sections) {
  std::vector<uint8_t> out = {0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00};
  out.insert(out.end(), sections);
  return out;
}

TEST(ComponentEncoder, AnEmptyComponentIsItsPreamble) { EXPECT_EQ(encode("(component)"), component_bytes({})); }

TEST(ComponentEncoder, AnImportedFunctionsTypeIsATypeOfItsOwnBeforeIt) {
  EXPECT_EQ(encode("(component (import \"f\" (func (param \"x\" u32) (result (list u8)))))"),
            component_bytes({
                0x07, 0x0a, 0x02,                          // type section, 2 types:
                0x70, 0x7d,                                //   (list u8)
                0x40, 0x01, 0x01, 'x',  0x79, 0x00, 0x00,  //   (func (param "x" u32) (result 0))
                0x0a, 0x06, 0x01,                          // import section, 1 import:
                0x00, 0x01, 'f',  0x01, 0x01,              //   "f" (func (type 1))
            }));
}

TEST(ComponentEncoder, CanonOptionsAndInlineExportsAfterTheLastField) {
  const auto bytes = encode(
      "(component"
      "  (core module $m (memory (export \"mem\") 1) (func (export \"f\")))"
      "  (core instance $i (instantiate $m))"
      "  (func (export \"f\") (canon lift (core func $i \"f\") (memory $i \"mem\") string-encoding=utf16)))");
  // The export "f" of func 0 is the last section before the names: 0x0b, size, 1 export,
  // 0x00 "f", sort func (0x01), index 0, no type.
  const std::vector<uint8_t> export_section = {0x0b, 0x07, 0x01, 0x00, 0x01, 'f', 0x01, 0x00, 0x00};
  ASSERT_GT(bytes.size(), export_section.size());
  EXPECT_NE(std::search(bytes.begin(), bytes.end(), export_section.begin(), export_section.end()), bytes.end());
  // The lift: 0x00 0x00, core func 0, 2 options (memory 0, utf16), type 0.
  const std::vector<uint8_t> lift = {0x08, 0x09, 0x01, 0x00, 0x00, 0x00, 0x02, 0x03, 0x00, 0x01, 0x00};
  EXPECT_NE(std::search(bytes.begin(), bytes.end(), lift.begin(), lift.end()), bytes.end());
}

TEST(ComponentEncoder, ErrorsHaveTheLineAndColumn) {
  EXPECT_EQ(error_of("(component\n  (import \"f\" (func (result u33))))").rfind("2:29: malformed index u33", 0), 0u);
  EXPECT_EQ(error_of("(component\n  (export \"f\" (func $nope)))").rfind("2:21: unknown identifier $nope", 0), 0u);
  EXPECT_EQ(error_of("(component (core func (canon nonsense)))").rfind("1:30: unknown canonical function", 0), 0u);
  EXPECT_EQ(error_of("(component) (module)").rfind("1:13:", 0), 0u);
}

TEST(ComponentEncoder, HostileNestingIsAnErrorNotAStackOverflow) {
  std::string types = "(component (type $t ";
  for (int i = 0; i < 100000; ++i) types += "(list ";
  types += "u8";
  for (int i = 0; i < 100000; ++i) types += ")";
  types += "))";
  EXPECT_NE(error_of(types).find("nested too deeply"), std::string::npos);
  std::string components;
  for (int i = 0; i < 100000; ++i) components += "(component ";
  for (int i = 0; i < 100000; ++i) components += ")";
  EXPECT_NE(error_of(components).find("nested too deeply"), std::string::npos);
  std::string instance_types = "(component (type ";
  for (int i = 0; i < 100000; ++i) instance_types += "(instance (type ";
  EXPECT_FALSE(wat_to_binary(instance_types));
}

}  // namespace
}  // namespace stratus::text
