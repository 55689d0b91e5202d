// `(@custom ...)` annotations: the custom sections they write, where, and the errors for
// malformed or misplaced ones (the wording of the annotations proposal's reference tests).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stratus/text.hpp"
#include "text/script.hpp"
#include "text_test_support.hpp"

namespace stratus::text {
namespace {

using test_support::encode;
using test_support::error_of;
using test_support::module_bytes;

TEST(TextCustomAnnotation, WritesACustomSectionAtTheEndByDefault) {
  EXPECT_EQ(encode(R"((module (@custom "x" "y" "" "z")))"), module_bytes({0x00, 0x04, 0x01, 'x', 'y', 'z'}));
  EXPECT_EQ(encode(R"((@custom "" ))"), module_bytes({0x00, 0x01, 0x00}));
  EXPECT_EQ(encode(R"((@"custom" "\01" "\ff"))"), module_bytes({0x00, 0x03, 0x01, 0x01, 0xFF}));
}

TEST(TextCustomAnnotation, PlacementsOrderAsTheBinaryDoesThenAsWritten) {
  const auto bytes = encode(R"((module
      (@custom "end1" "1")
      (func)
      (@custom "b-type" (before type) "")
      (@custom "a-func" (after func) "")
      (@custom "first" (before first) "")
      (@custom "end2" (after last) "2")
      (@custom "b-code" (before code) "")
      (@custom "a-dc" (after datacount) "")))");
  const auto expected = module_bytes({
      0x00, 0x07, 0x06, 'b',  '-',  't',  'y', 'p', 'e',  //
      0x00, 0x06, 0x05, 'f',  'i',  'r',  's', 't',       //
      0x01, 0x04, 0x01, 0x60, 0x00, 0x00,                 // type
      0x03, 0x02, 0x01, 0x00,                             // function
      0x00, 0x07, 0x06, 'a',  '-',  'f',  'u', 'n', 'c',  //
      0x00, 0x05, 0x04, 'a',  '-',  'd',  'c',            // after the data count this module lacks
      0x00, 0x07, 0x06, 'b',  '-',  'c',  'o', 'd', 'e',  //
      0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B,                 // code
      0x00, 0x06, 0x04, 'e',  'n',  'd',  '1', '1',       //
      0x00, 0x06, 0x04, 'e',  'n',  'd',  '2', '2',       //
  });
  EXPECT_EQ(bytes, expected);
}

TEST(TextCustomAnnotation, TheNameSectionComesBeforeTrailingCustomSections) {
  const auto bytes = encode(R"((module (@custom "z" "") (func $f)))", {.debug_names = true});
  const auto name = encode("(module (func $f))", {.debug_names = true});
  std::vector<uint8_t> expected = name;
  expected.insert(expected.end(), {0x00, 0x02, 0x01, 'z'});
  EXPECT_EQ(bytes, expected);
  // A text's own "name" section stands for the one its ids would give.
  EXPECT_EQ(encode(R"((module (@custom "name" "N") (func $f)))", {.debug_names = true}),
            module_bytes({0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0A, 0x04,
                          0x01, 0x02, 0x00, 0x0B, 0x00, 0x06, 0x04, 'n',  'a',  'm',  'e',  'N'}));
}

TEST(TextCustomAnnotation, MalformedAnnotationsSayWhat) {
  EXPECT_NE(error_of("(@custom)").find("@custom annotation: missing section name"), std::string::npos);
  EXPECT_NE(error_of("(@custom 4)").find("missing section name"), std::string::npos);
  EXPECT_NE(error_of("(@custom bla)").find("missing section name"), std::string::npos);
  EXPECT_NE(error_of(R"((@custom "\df"))").find("@custom annotation: malformed UTF-8"), std::string::npos);
  EXPECT_NE(error_of(R"((@custom "bla" here))").find("@custom annotation: unexpected token"), std::string::npos);
  EXPECT_NE(error_of(R"((@custom "bla" after))").find("unexpected token"), std::string::npos);
  EXPECT_NE(error_of(R"((@custom "bla" (after)))").find("@custom annotation: malformed section kind"),
            std::string::npos);
  EXPECT_NE(error_of(R"((@custom "bla" (type)))").find("@custom annotation: malformed placement"), std::string::npos);
  EXPECT_NE(error_of(R"((@custom "bla" (aft type)))").find("malformed placement"), std::string::npos);
  EXPECT_NE(error_of(R"((@custom "bla" (before types)))").find("malformed section kind"), std::string::npos);
  EXPECT_NE(error_of(R"((@custom "bla" (before type) (after type)))").find("unexpected token"), std::string::npos);
  EXPECT_NE(error_of(R"((@custom "bla" (before type func)))").find("unexpected token"), std::string::npos);
  EXPECT_EQ(error_of("(module\n  (@custom \"bla\" (after code) x))").substr(0, 5), "2:31:");
  EXPECT_NE(error_of(R"((@custom "bla")").find("unexpected end of input"), std::string::npos);
}

TEST(TextCustomAnnotation, InsideAFieldIsMisplaced) {
  for (const char* wat :
       {R"((type (@custom "bla") $t (func)))", R"((func (@custom "bla")))", R"((func (block (@custom "bla"))))",
        R"((func (nop (@custom "bla"))))", R"((func) (export "f" (func 0) (@custom "y")))",
        R"((func (param i32) (@custom "bla") (result i32)))", R"((memory 1 (@custom "x")))",
        R"((global i32 (@custom "x") (i32.const 0)))"}) {
    const std::string message = error_of(wat);
    EXPECT_NE(message.find("misplaced @custom annotation"), std::string::npos) << wat << ": " << message;
  }
  EXPECT_EQ(error_of(R"((func nop (@custom "x")))").substr(0, 5), "1:11:");
}

TEST(TextCustomAnnotation, OtherAnnotationsAreStillIgnored) {
  EXPECT_EQ(encode(R"((module (@name "m") (func (@x (@custom "no")))))"), encode("(module (func))"));
}

TEST(TextCustomAnnotation, ScriptModulesWriteThemAndScriptsIgnoreThemBetweenCommands) {
  auto commands = parse_script(R"((@custom "outside") (module (@custom "c" "d")) (@custom "again"))");
  ASSERT_TRUE(commands) << commands.error().message();
  ASSERT_EQ(commands->size(), 1u);
  EXPECT_EQ((*commands)[0].module.bytes, module_bytes({0x00, 0x03, 0x01, 'c', 'd'}));
  auto fields = parse_script(R"((@custom "c" "d") (func))");
  ASSERT_TRUE(fields) << fields.error().message();
  ASSERT_EQ(fields->size(), 1u);
  EXPECT_EQ((*fields)[0].module.bytes, encode(R"((@custom "c" "d") (func))"));
}

}  // namespace
}  // namespace stratus::text
