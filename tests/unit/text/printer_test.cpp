// binary_to_wat: what it prints for each construct, that the text reads back to the same
// bytes, and that hostile binaries give errors or bounded text, never a crash.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stratus/text.hpp"
#include "text/binary_writer.hpp"

namespace stratus::text {
namespace {

std::vector<uint8_t> wat(std::string_view text) {
  auto bytes = wat_to_binary(text);
  EXPECT_TRUE(bytes) << bytes.error().message();
  return bytes ? *bytes : std::vector<uint8_t>{};
}

std::string print(const std::vector<uint8_t>& bytes, const PrintOptions& options = {}) {
  auto text = binary_to_wat(bytes, options);
  EXPECT_TRUE(text) << text.error().message();
  return text ? *text : std::string();
}

// Prints the module `text` encodes and checks that the print reads back to its bytes.
std::string round_trip(std::string_view text) {
  const auto bytes = wat(text);
  const std::string printed = print(bytes);
  EXPECT_EQ(wat(printed), bytes) << printed;
  return printed;
}

// A module of one function of type [] -> [] whose body is `code` (without the final end).
std::vector<uint8_t> module_with_body(const std::vector<uint8_t>& code) {
  BinaryWriter w;
  w.raw(std::string_view("\0asm\1\0\0\0", 8));
  w.section(1, 1, {0x60, 0x00, 0x00});
  w.section(3, 1, {0x00});
  BinaryWriter body;
  body.byte(0x00);  // no locals
  body.raw(code);
  body.byte(0x0B);
  BinaryWriter entry;
  entry.sized(body.bytes());
  w.section(10, 1, entry.bytes());
  return w.bytes();
}

// Appends a custom section `name` holding `content` to the module `out`.
void append_custom(std::vector<uint8_t>& out, std::string_view name, const std::vector<uint8_t>& content) {
  BinaryWriter custom;
  custom.name(name);
  custom.raw(content);
  BinaryWriter section;
  section.byte(0);
  section.sized(custom.bytes());
  out.insert(out.end(), section.bytes().begin(), section.bytes().end());
}

TEST(Printer, FloatsPrintExactlyWithNanPayloads) {
  const std::string printed = round_trip(R"((func (result f32 f32 f32 f64 f64 f64 f32)
      f32.const 0x1.fffffep+127 f32.const -nan:0x1 f32.const 0x1p-149
      f64.const 0.1 f64.const nan f64.const -inf f32.const -0))");
  EXPECT_NE(printed.find("f32.const 0x1.fffffep+127"), std::string::npos) << printed;
  EXPECT_NE(printed.find("f32.const -nan:0x1"), std::string::npos) << printed;
  EXPECT_NE(printed.find("f64.const 0x1.999999999999ap-4"), std::string::npos) << printed;
  EXPECT_NE(printed.find("f64.const nan\n"), std::string::npos) << printed;
  EXPECT_NE(printed.find("f64.const -inf"), std::string::npos) << printed;
  EXPECT_NE(printed.find("f32.const -0x0p+0"), std::string::npos) << printed;
}

TEST(Printer, StringsAreEscaped) {
  const std::string printed =
      round_trip(R"((memory 1) (data (i32.const 0) "a\"b\\c\00\ff\n") (export "\u{e9}" (memory 0)))");
  EXPECT_NE(printed.find(R"("a\22b\5cc\00\ff\0a")"), std::string::npos) << printed;
  EXPECT_NE(printed.find(R"((export "\c3\a9" (memory 0)))"), std::string::npos) << printed;
}

TEST(Printer, MemargsShowOnlyWhatIsNotTheDefault) {
  const std::string printed = round_trip(R"((memory 1) (func (param i32)
      (drop (i32.load (local.get 0))) (drop (i32.load offset=8 align=2 (local.get 0)))
      (drop (i64.load align=8 (local.get 0))) (drop (v128.load8_lane offset=3 7 (local.get 0) (v128.const i64x2 1 2)))))");
  EXPECT_NE(printed.find("i32.load\n"), std::string::npos) << printed;
  EXPECT_NE(printed.find("i32.load offset=8 align=2\n"), std::string::npos) << printed;
  EXPECT_NE(printed.find("i64.load\n"), std::string::npos) << printed;
  EXPECT_NE(printed.find("v128.load8_lane offset=3 7"), std::string::npos) << printed;
}

TEST(Printer, EveryWasm20FieldRoundTrips) {
  round_trip(R"((module
    (type $t (func (param i32) (result i32)))
    (type (func (param i32 i64) (result i32 i64)))
    (import "m" "f" (func $imp (type $t)))
    (import "m" "t" (table 1 funcref))
    (import "m" "mem" (memory 1 2))
    (import "m" "g" (global (mut i64)))
    (table $t2 2 10 externref)
    (global $g i32 (i32.const -7))
    (global (mut f64) (f64.const 1.5))
    (global funcref (ref.func $f))
    (func $f (export "f") (type $t) (local i64 i64 f32) (local v128)
      block (result i32) local.get 0 end
      i32.const 1 i32.const 2 local.get 0 select (result i32) drop
      loop (type 1) (param i32 i64) (result i32 i64) br 0 end drop drop
      (if (local.get 0) (then nop) (else unreachable))
      local.get 0 br_table 0 0 0
      i32.const 0 call_indirect 0 (type $t)
      ref.null extern drop ref.func $f ref.is_null drop
      i32.const 0 i32.const 0 i32.const 0 table.copy 0 0
      i32.const 0 i32.const 0 i32.const 0 table.init 0 2
      i32.const 0 i32.const 0 i32.const 0 memory.init 1 data.drop 0 elem.drop 1
      memory.size memory.grow
      v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16
      v128.const f32x4 1 2 3 nan:0x200000 i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31
      i32x4.extract_lane 3)
    (start 0)
    (elem (i32.const 0) func $f $imp)
    (elem func $f)
    (elem declare func $f)
    (elem (table $t2) (i32.const 1) externref (ref.null extern))
    (elem funcref (ref.null func) (ref.func $f))
    (elem (i32.const 1) funcref (ref.null func) (item global.get 2))
    (data (i32.const 16) "hi")
    (data "passive"))
  )");
}

TEST(Printer, NameSectionNamesBecomeIdsWhenValidAndUnique) {
  // A name section giving function 0 "f", function 1 and 2 both "dup", and function 0's
  // local 1 "x y" (not an id) and local 0 "a".
  BinaryWriter names;
  BinaryWriter funcs;
  funcs.u32(3);
  funcs.u32(0);
  funcs.name("f");
  funcs.u32(1);
  funcs.name("dup");
  funcs.u32(2);
  funcs.name("dup");
  names.byte(1);
  names.sized(funcs.bytes());
  BinaryWriter locals;
  locals.u32(1);
  locals.u32(0);
  locals.u32(2);
  locals.u32(0);
  locals.name("a");
  locals.u32(1);
  locals.name("x y");
  names.byte(2);
  names.sized(locals.bytes());
  auto bytes = wat("(func (param i32 i32) local.get 0 local.get 1 call 1 drop drop) (func) (func)");
  append_custom(bytes, "name", names.bytes());
  const std::string printed = print(bytes);
  EXPECT_NE(printed.find("(func $f (;0;) (type 0) (param $a i32) (param i32)"), std::string::npos) << printed;
  EXPECT_NE(printed.find("local.get $a\n"), std::string::npos) << printed;
  EXPECT_NE(printed.find("local.get 1\n"), std::string::npos) << printed;
  EXPECT_NE(printed.find("call 1\n"), std::string::npos) << printed;
  EXPECT_EQ(printed.find("dup"), std::string::npos) << printed;
  EXPECT_EQ(printed.find("@custom"), std::string::npos) << printed;
  PrintOptions plain;
  plain.names = false;
  EXPECT_EQ(print(bytes, plain).find("$"), std::string::npos);
}

TEST(Printer, NamesLongerThanAThousandBytesPrintAsIndices) {
  auto named = [](size_t length) {
    BinaryWriter funcs;
    funcs.u32(1);
    funcs.u32(0);
    funcs.name(std::string(length, 'n'));
    BinaryWriter names;
    names.byte(1);
    names.sized(funcs.bytes());
    auto bytes = wat("(func call 0)");
    append_custom(bytes, "name", names.bytes());
    return print(bytes);
  };
  EXPECT_NE(named(1000).find("call $" + std::string(1000, 'n') + ")"), std::string::npos);
  const std::string printed = named(1001);
  EXPECT_NE(printed.find("call 0)"), std::string::npos) << printed.substr(0, 200);
  EXPECT_EQ(printed.find("nnnn"), std::string::npos);
}

TEST(Printer, CustomSectionsPrintAsAnnotationsInPlace) {
  auto bytes = wat("(memory 1)");
  std::vector<uint8_t> first(bytes.begin(), bytes.begin() + 8);
  append_custom(first, "lead", {'x'});
  first.insert(first.end(), bytes.begin() + 8, bytes.end());
  append_custom(first, "tail", {0x01, '"'});
  const std::string printed = print(first);
  EXPECT_NE(printed.find(R"((@custom "lead" (before first) "x"))"), std::string::npos) << printed;
  EXPECT_NE(printed.find(R"((@custom "tail" (after memory) "\01\22"))"), std::string::npos) << printed;
  PrintOptions plain;
  plain.custom_sections = false;
  EXPECT_EQ(print(first, plain).find("@custom"), std::string::npos);
}

TEST(Printer, MalformedBinaryIsAnErrorValue) {
  const std::vector<uint8_t> truncated = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05};
  auto text = binary_to_wat(truncated);
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().kind(), ErrorKind::Malformed);
  EXPECT_FALSE(binary_to_wat(std::vector<uint8_t>{'(', 'm'}));
}

TEST(Printer, DeepNestingPrintsFlatWithCappedIndentation) {
  constexpr int kDepth = 100000;
  std::vector<uint8_t> code;
  for (int i = 0; i < kDepth; ++i) code.insert(code.end(), {0x02, 0x40});
  for (int i = 0; i < kDepth; ++i) code.push_back(0x0B);
  const auto bytes = module_with_body(code);
  const std::string printed = print(bytes);
  // Two lines a block, none indented by more than the cap.
  EXPECT_LT(printed.size(), size_t{2} * kDepth * 80);
  EXPECT_EQ(wat(printed), bytes);
}

TEST(Printer, OutputBeyondTheLimitIsRefused) {
  // 50,000 locals in a few bytes print as 200 kB of text.
  BinaryWriter w;
  w.raw(std::string_view("\0asm\1\0\0\0", 8));
  w.section(1, 1, {0x60, 0x00, 0x00});
  w.section(3, 1, {0x00});
  BinaryWriter body;
  body.u32(1);
  body.u32(50000);
  body.byte(0x7F);
  body.byte(0x0B);
  BinaryWriter entry;
  entry.sized(body.bytes());
  w.section(10, 1, entry.bytes());
  PrintOptions small;
  small.max_output_bytes = 10000;
  auto text = binary_to_wat(w.bytes(), small);
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().kind(), ErrorKind::Resource);
  auto full = binary_to_wat(w.bytes());
  ASSERT_TRUE(full);
  EXPECT_EQ(wat(*full), w.bytes());
}

}  // namespace
}  // namespace stratus::text
