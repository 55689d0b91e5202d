// The binary the text parser writes, byte for byte, and its errors' line:column.
#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stratus/text.hpp"
#include "text_test_support.hpp"

namespace stratus::text {
namespace {

using test_support::encode;
using test_support::error_of;
using test_support::module_bytes;

TEST(TextEncoder, EmptyModuleInEveryForm) {
  const auto empty = module_bytes({});
  EXPECT_EQ(encode("(module)"), empty);
  EXPECT_EQ(encode("(module $m)"), empty);
  EXPECT_EQ(encode(""), empty);
  EXPECT_EQ(encode(";; nothing\n(module (@name \"x\" \"y\"))"), empty);
}

TEST(TextEncoder, ExportedFunction) {
  const auto expected = module_bytes({
      0x01, 0x06, 0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F,                    // type: (i32) -> i32
      0x03, 0x02, 0x01, 0x00,                                            // function 0 has type 0
      0x07, 0x05, 0x01, 0x01, 'f',  0x00, 0x00,                          // export "f" func 0
      0x0A, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6A, 0x0B,  // local.get 0 i32.const 1 i32.add
  });
  EXPECT_EQ(encode("(module (func (export \"f\") (param i32) (result i32) local.get 0 i32.const 1 i32.add))"),
            expected);
  EXPECT_EQ(
      encode("(func $f (param $x i32) (result i32) (i32.add (local.get $x) (i32.const 1))) (export \"f\" (func $f))"),
      expected);
  EXPECT_EQ(encode("(type $t (func (param i32) (result i32)))"
                   "(func (export \"f\") (type $t) (param i32) (result i32) (i32.add (local.get 0) (i32.const 0x1)))"),
            expected);
}

TEST(TextEncoder, ImplicitTypesFollowExplicitOnesInOrder) {
  // The func's use of () -> () finds no explicit match, so it is appended after $t.
  const auto bytes = encode("(func) (type $t (func (param i64)))");
  const std::vector<uint8_t> types = {0x01, 0x08, 0x02, 0x60, 0x01, 0x7E, 0x00, 0x60, 0x00, 0x00};
  ASSERT_GE(bytes.size(), 8 + types.size());
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + 8, bytes.begin() + 8 + types.size()), types);
}

TEST(TextEncoder, ForwardReferencesLabelsAndBlocks) {
  const auto flat = encode(
      "(func $a (result i32) block $out (result i32) i32.const 7 br $out end $out call $b drop)"
      "(func $b (result i32) i32.const 1)");
  const auto folded = encode(
      "(func $a (result i32) (drop (call $b (block $out (result i32) (br $out (i32.const 7))))))"
      "(func $b (result i32) (i32.const 1))");
  ASSERT_FALSE(flat.empty());
  // Folded and flat differ only in where the operand goes; both must reference $b as 1.
  const std::vector<uint8_t> call_b = {0x10, 0x01};
  EXPECT_NE(std::search(flat.begin(), flat.end(), call_b.begin(), call_b.end()), flat.end());
  EXPECT_NE(std::search(folded.begin(), folded.end(), call_b.begin(), call_b.end()), folded.end());
}

TEST(TextEncoder, InlineImportsTablesAndMemories) {
  const auto bytes = encode(
      "(module (func $log (import \"env\" \"log\") (param i32))"
      " (memory (export \"mem\") (data \"hi\"))"
      " (table funcref (elem $log)))");
  const std::vector<uint8_t> memory = {0x05, 0x04, 0x01, 0x01, 0x01, 0x01};  // limits 1..1
  EXPECT_NE(std::search(bytes.begin(), bytes.end(), memory.begin(), memory.end()), bytes.end());
  const std::vector<uint8_t> table = {0x04, 0x05, 0x01, 0x70, 0x01, 0x01, 0x01};  // funcref 1..1
  EXPECT_NE(std::search(bytes.begin(), bytes.end(), table.begin(), table.end()), bytes.end());
  const std::vector<uint8_t> data = {0x0B, 0x08, 0x01, 0x00, 0x41, 0x00, 0x0B, 0x02, 'h', 'i'};
  EXPECT_NE(std::search(bytes.begin(), bytes.end(), data.begin(), data.end()), bytes.end());
}

TEST(TextEncoder, SimdAndPrefixedInstructions) {
  const auto bytes = encode(
      "(memory 1) (func (result v128) (v128.const i32x4 1 2 3 -1) (i8x16.extract_lane_u 15 (v128.const i8x16 0 0 0 0 0 "
      "0 0 0 0 0 0 0 0 0 0 255))"
      " drop (memory.fill (i32.const 0) (i32.const 0) (i32.const 0)))");
  const std::vector<uint8_t> fill = {0xFC, 0x0B, 0x00};
  EXPECT_NE(std::search(bytes.begin(), bytes.end(), fill.begin(), fill.end()), bytes.end());
  const std::vector<uint8_t> extract = {0xFD, 0x16, 0x0F};
  EXPECT_NE(std::search(bytes.begin(), bytes.end(), extract.begin(), extract.end()), bytes.end());
}

TEST(TextEncoder, ErrorsNameLineAndColumn) {
  EXPECT_EQ(error_of("(module\n  (func i32.ad))").substr(0, 5), "2:9: ");
  EXPECT_NE(error_of("(func (call $nowhere))").find("unknown function $nowhere"), std::string::npos);
  EXPECT_NE(error_of("(func $f) (func $f)").find("duplicate function $f"), std::string::npos);
  EXPECT_NE(error_of("(func) (import \"m\" \"f\" (func))").find("import after function"), std::string::npos);
  EXPECT_NE(error_of("(func (i32.const 4294967296) drop)").find("constant out of range"), std::string::npos);
  EXPECT_NE(error_of("(func block $a end $b)").find("mismatching label"), std::string::npos);
  EXPECT_NE(error_of("(func (br $l))").find("unknown label"), std::string::npos);
  EXPECT_NE(error_of("(memory 1) (func (drop (i32.load align=3 (i32.const 0))))").find("alignment"), std::string::npos);
  EXPECT_NE(error_of("(type $t (func)) (func (type $t) (param i32))").find("inline function type"), std::string::npos);
  EXPECT_NE(error_of("(export \"\\ff\" (func 0)) (func)").find("malformed UTF-8"), std::string::npos);
  EXPECT_NE(error_of("(func block)").find("'end'"), std::string::npos);
  EXPECT_NE(error_of("(module) (module)").find("expected the end"), std::string::npos);
}

TEST(TextEncoder, HostileNestingIsAnErrorNotACrash) {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "(i32.eqz ";
  deep = "(func (result i32) " + deep + "(i32.const 0)" + std::string(100000, ')') + ")";
  EXPECT_NE(error_of(deep).find("nested too deeply"), std::string::npos);
  std::string flat = "(func ";
  for (int i = 0; i < 100000; ++i) flat += "block ";
  for (int i = 0; i < 100000; ++i) flat += "end ";
  EXPECT_FALSE(encode(flat + ")").empty());
}

TEST(TextEncoder, LooksLikeText) {
  auto bytes = [](std::string_view s) {
    return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  };
  EXPECT_TRUE(looks_like_text(bytes("  (module)")));
  EXPECT_TRUE(looks_like_text(bytes(";; a comment\n")));
  EXPECT_FALSE(looks_like_text(bytes(std::string_view("\0asm\1\0\0\0", 8))));
  EXPECT_FALSE(looks_like_text(bytes("")));
  EXPECT_FALSE(looks_like_text(bytes("asm")));
}

}  // namespace
}  // namespace stratus::text
