// The name section `WatOptions::debug_names` adds: its bytes as wat2wasm --debug-names writes
// them (the differential test compares whole fixtures with wabt when it is installed).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stratus/text.hpp"
#include "text_test_support.hpp"

namespace stratus::text {
namespace {

std::vector<uint8_t> encode(const std::string& wat, bool debug_names) {
  return test_support::encode(wat, {.debug_names = debug_names});
}

// The bytes `with` adds after `without`, which it must start with.
std::vector<uint8_t> added(const std::vector<uint8_t>& with, const std::vector<uint8_t>& without) {
  EXPECT_GE(with.size(), without.size());
  if (with.size() < without.size() || !std::equal(without.begin(), without.end(), with.begin())) {
    ADD_FAILURE() << "the module's other sections changed";
    return {};
  }
  return {with.begin() + static_cast<std::ptrdiff_t>(without.size()), with.end()};
}

TEST(TextNameSection, NamesEveryIndexSpaceAndLocalAsWat2WasmDoes) {
  const std::string wat = R"((module $m
      (import "e" "f" (func $imp (param $a i32)))
      (func $f (param $x i32) (local $y i64) (local i32) (local $z f32))
      (func)
      (global $g i32 (i32.const 0))))";
  const std::vector<uint8_t> expected = {
      0x00, 0x2F, 0x04, 'n',  'a',  'm',  'e',                         // custom section "name"
      0x00, 0x02, 0x01, 'm',                                           // module: m
      0x01, 0x09, 0x02, 0x00, 0x03, 'i',  'm',  'p', 0x01, 0x01, 'f',  // functions: 0 imp, 1 f
      0x02, 0x13, 0x03,                                                // locals of 3 functions:
      0x00, 0x01, 0x00, 0x01, 'a',                                     //   imp: 0 a
      0x01, 0x03, 0x00, 0x01, 'x',  0x01, 0x01, 'y', 0x03, 0x01, 'z',  //   f: 0 x, 1 y, 3 z
      0x02, 0x00,                                                      //   the unnamed one: none
      0x07, 0x04, 0x01, 0x00, 0x01, 'g',                               // globals: 0 g
  };
  EXPECT_EQ(added(encode(wat, true), encode(wat, false)), expected);
}

TEST(TextNameSection, OtherSpacesInSubsectionOrder) {
  const std::string wat = R"((module
      (type $t (func))
      (table $tab 1 funcref)
      (memory $mem 1)
      (elem $e func)
      (data $d "")))";
  const std::vector<uint8_t> expected = {
      0x00, 0x2A, 0x04, 'n',  'a',  'm',  'e',  //
      0x02, 0x01, 0x00,                         // locals: no function
      0x04, 0x04, 0x01, 0x00, 0x01, 't',        // types: 0 t
      0x05, 0x06, 0x01, 0x00, 0x03, 't',  'a',  'b',  0x06, 0x06, 0x01,
      0x00, 0x03, 'm',  'e',  'm',  0x08, 0x04, 0x01, 0x00, 0x01, 'e',  // element segments
      0x09, 0x04, 0x01, 0x00, 0x01, 'd',                                // data segments
  };
  EXPECT_EQ(added(encode(wat, true), encode(wat, false)), expected);
}

TEST(TextNameSection, ParametersOfATypeUseAloneAreUnnamed) {
  // wabt names the parameters a function writes itself, not those of the type it uses.
  const std::string wat = "(type $t (func (param $a i32))) (func $g (type $t)) (func (type $t) (param $p i32))";
  const std::vector<uint8_t> names = added(encode(wat, true), encode(wat, false));
  const std::vector<uint8_t> locals = {0x02, 0x08, 0x02, 0x00, 0x00, 0x01, 0x01, 0x00, 0x01, 'p'};
  EXPECT_NE(std::search(names.begin(), names.end(), locals.begin(), locals.end()), names.end());
}

TEST(TextNameSection, AnEmptyModuleStillHasTheLocalSubsection) {
  EXPECT_EQ(added(encode("(module)", true), encode("(module)", false)),
            (std::vector<uint8_t>{0x00, 0x08, 0x04, 'n', 'a', 'm', 'e', 0x02, 0x01, 0x00}));
  EXPECT_EQ(encode("(module $m (func $f))", false), encode("(module (func))", false));
}

TEST(TextNameSection, QuotedIdsAreTheirNames) {
  const std::vector<uint8_t> names = added(encode(R"((func $"a b"))", true), encode("(func)", false));
  const std::vector<uint8_t> function = {0x01, 0x06, 0x01, 0x00, 0x03, 'a', ' ', 'b'};
  EXPECT_NE(std::search(names.begin(), names.end(), function.begin(), function.end()), names.end());
}

}  // namespace
}  // namespace stratus::text
