// WAVE parsing and printing, checked against what wasm-wave (bytecodealliance/wasm-tools,
// crates/wasm-wave, its tests/ui cases) reads and writes for the same text.
#include "component/wave/wave.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace stratus::component::wave {
namespace {

constexpr ValType prim(ValKind k) { return ValType{k, 0}; }

class Wave : public ::testing::Test {
 protected:
  // Parses `text` as `type` and prints the value back.
  std::string round(ValType type, std::string_view text) {
    auto v = parse_value(text, type, types);
    if (!v) return "error: " + v.error().message();
    return to_string(*v);
  }
  std::string error(ValType type, std::string_view text) {
    auto v = parse_value(text, type, types);
    if (v) return "accepted: " + to_string(*v);
    EXPECT_EQ(v.error().kind(), ErrorKind::Argument);
    return v.error().message();
  }
  ValType list(ValType e) { return types.add(ListType{e, std::nullopt}); }
  ValType option(ValType t) { return types.add(OptionType{t}); }
  ValType result(std::optional<ValType> ok, std::optional<ValType> err) { return types.add(ResultType{ok, err}); }

  TypeTables types;
};

TEST_F(Wave, Bools) {
  EXPECT_EQ(round(prim(ValKind::Bool), "true"), "true");
  EXPECT_EQ(round(prim(ValKind::Bool), " false // comment"), "false");
  EXPECT_EQ(error(prim(ValKind::Bool), "1"), "invalid value type (expected a value of type bool) at 0..1");
}

TEST_F(Wave, IntegersOfEveryWidthAndTheirLimits) {
  EXPECT_EQ(round(prim(ValKind::S8), "-128"), "-128");
  EXPECT_EQ(round(prim(ValKind::U8), "255"), "255");
  EXPECT_EQ(round(prim(ValKind::S16), "-32768"), "-32768");
  EXPECT_EQ(round(prim(ValKind::U16), "65535"), "65535");
  EXPECT_EQ(round(prim(ValKind::S32), "-2147483648"), "-2147483648");
  EXPECT_EQ(round(prim(ValKind::U32), "4294967295"), "4294967295");
  EXPECT_EQ(round(prim(ValKind::S64), "-9223372036854775808"), "-9223372036854775808");
  EXPECT_EQ(round(prim(ValKind::U64), "18446744073709551615"), "18446744073709551615");
  EXPECT_EQ(round(prim(ValKind::S32), "-0"), "0");
  EXPECT_EQ(error(prim(ValKind::U8), "256"), "invalid value (expected u8, an integer from 0 to 255) at 0..3");
  EXPECT_EQ(error(prim(ValKind::U32), "-0"), "invalid value (expected u32, an integer from 0 to 4294967295) at 0..2");
  EXPECT_NE(error(prim(ValKind::U64), "18446744073709551616").find("invalid value"), std::string::npos);
  EXPECT_NE(error(prim(ValKind::S32), std::string(5000, '9')).find("invalid value"), std::string::npos);
  EXPECT_NE(error(prim(ValKind::S32), "1.0").find("invalid value"), std::string::npos);
  EXPECT_NE(error(prim(ValKind::S32), "1e3").find("invalid value"), std::string::npos);
  EXPECT_NE(error(prim(ValKind::S32), "+1").find("invalid token"), std::string::npos);
  EXPECT_NE(error(prim(ValKind::U8), "nan").find("invalid value"), std::string::npos);
}

TEST_F(Wave, FloatsPrintShortestWithoutExponent) {
  // accept-floats: every zero spelling is 0, and -0.0e-0 is -0.
  for (const char* zero : {"0", "0.0", "0e0", "0.0e0", "0e-1", "0e+1", "0.000e100"}) {
    EXPECT_EQ(round(prim(ValKind::F32), zero), "0") << zero;
  }
  EXPECT_EQ(round(prim(ValKind::F32), "-0.0e-0"), "-0");
  EXPECT_EQ(round(prim(ValKind::F32), "-3.1415"), "-3.1415");
  EXPECT_EQ(round(prim(ValKind::F32), "-100000"), "-100000");
  EXPECT_EQ(round(prim(ValKind::F32), "nan"), "nan");
  EXPECT_EQ(round(prim(ValKind::F32), "inf"), "inf");
  EXPECT_EQ(round(prim(ValKind::F32), "-inf"), "-inf");
  // The largest normal f32, also from more digits than it holds; past it, infinity.
  EXPECT_EQ(round(prim(ValKind::F32), "3.4028234664e38"), "340282350000000000000000000000000000000");
  EXPECT_EQ(round(prim(ValKind::F32), "3.4028234664123e38"), "340282350000000000000000000000000000000");
  EXPECT_EQ(round(prim(ValKind::F32), "3.4028234664e39"), "inf");
  EXPECT_EQ(round(prim(ValKind::F32), "-3.4028234664e39"), "-inf");
  // The smallest subnormal f32; below it, zero.
  EXPECT_EQ(round(prim(ValKind::F32), "1.4012984643e-45"), "0.000000000000000000000000000000000000000000001");
  EXPECT_EQ(round(prim(ValKind::F32), "1.4012984643e-46"), "0");
  EXPECT_EQ(round(prim(ValKind::F64), "0.1"), "0.1");
  EXPECT_EQ(round(prim(ValKind::F64), "6.022e+23"), "602200000000000000000000");
  EXPECT_EQ(round(prim(ValKind::F64), "1e400"), "inf");
  EXPECT_EQ(round(prim(ValKind::F64), "0.0000000000000001e-400"), "0");
  EXPECT_EQ(round(prim(ValKind::F64), "1e99999999999999999999999"), "inf");
  EXPECT_EQ(round(prim(ValKind::F64), "5e-324"), to_string(Val(std::numeric_limits<double>::denorm_min())));
  EXPECT_EQ(to_string(Val(1.0)), "1");
  EXPECT_EQ(to_string(Val(1e21)), "1000000000000000000000");
  EXPECT_EQ(to_string(Val(1.5e-7f)), "0.00000015");
  // Any NaN, whatever its bits, prints as `nan`; parsed `nan` is the canonical one.
  EXPECT_EQ(to_string(Val(-std::numeric_limits<float>::quiet_NaN())), "nan");
  auto nan = parse_value("nan", prim(ValKind::F64), types);
  ASSERT_TRUE(nan);
  EXPECT_EQ(std::bit_cast<uint64_t>(nan->as<double>()), 0x7ff8000000000000u);
}

TEST_F(Wave, FloatSpellingsWaveRejects) {
  // reject-floats: only lowercase `nan`, `inf` and `-inf`.
  EXPECT_EQ(error(prim(ValKind::F32), "-nan"), "invalid token at 0..1");
  EXPECT_NE(error(prim(ValKind::F32), "NaN").find("trailing characters"), std::string::npos);
  EXPECT_EQ(error(prim(ValKind::F32), "infinity"), "invalid value type (expected a value of type f32) at 0..8");
  EXPECT_EQ(error(prim(ValKind::F64), "-infinity"), "trailing characters after value at 4..9");
  EXPECT_EQ(error(prim(ValKind::F32), "INF"), "invalid value type (expected a value of type f32) at 0..3");
  EXPECT_EQ(error(prim(ValKind::F32), "-Inf"), "invalid token at 0..1");
}

TEST_F(Wave, CharsAndEveryEscape) {
  const ValType c = prim(ValKind::Char);
  EXPECT_EQ(round(c, "'W'"), "'W'");
  EXPECT_EQ(round(c, "'🌊'"), "'🌊'");
  EXPECT_EQ(round(c, "'\\\\'"), "'\\\\'");
  EXPECT_EQ(round(c, "'\\''"), "'\\''");
  EXPECT_EQ(round(c, "'\\\"'"), "'\\\"'");
  EXPECT_EQ(round(c, "'\"'"), "'\\\"'");
  EXPECT_EQ(round(c, "'\\t'"), "'\\t'");
  EXPECT_EQ(round(c, "'\\n'"), "'\\n'");
  EXPECT_EQ(round(c, "'\\r'"), "'\\r'");
  EXPECT_EQ(round(c, "'\\u{0}'"), "'\\u{0}'");
  EXPECT_EQ(round(c, "'\\u{000000}'"), "'\\u{0}'");
  EXPECT_EQ(round(c, "'\\u{78}'"), "'x'");
  EXPECT_EQ(round(c, "'\\u{002603}'"), "'☃'");
  EXPECT_EQ(round(c, "'\\u{10FFFF}'"), "'\\u{10ffff}'");  // unassigned: escaped
  EXPECT_EQ(round(c, "'\\u{7f}'"), "'\\u{7f}'");          // a control
  EXPECT_EQ(round(c, "'\\u{85}'"), "'\\u{85}'");          // a C1 control
  EXPECT_EQ(round(c, "'\\u{301}'"), "'\\u{301}'");        // a combining mark
  EXPECT_EQ(round(c, "'\\u{200b}'"), "'\\u{200b}'");      // a format character
  EXPECT_EQ(round(c, "'\\u{a0}'"), "'\\u{a0}'");          // a space other than ' '
  EXPECT_EQ(round(c, "' '"), "' '");
  EXPECT_EQ(round(c, "'é'"), "'é'");
}

TEST_F(Wave, CharErrors) {
  const ValType c = prim(ValKind::Char);
  EXPECT_EQ(error(c, "''"), "invalid token at 0..1");
  EXPECT_EQ(error(c, "'ab'"), "invalid token at 0..4");
  EXPECT_EQ(error(c, "'☃☃'"), "invalid token at 0..8");
  EXPECT_EQ(error(c, "'\\z'"), "invalid token at 0..1");
  EXPECT_EQ(error(c, "'\\x1f'"), "invalid token at 0..1");
  EXPECT_EQ(error(c, "'\\u{}'"), "invalid token at 0..1");
  EXPECT_EQ(error(c, "'\\u{1234567}'"), "invalid token at 0..1");
  EXPECT_EQ(error(c, "'\\u{110000}'"), "invalid character escape at 0..12");
  EXPECT_EQ(error(c, "'\\u{D800}'"), "invalid character escape at 0..10");
  EXPECT_EQ(error(c, "'\\u{DFFF}'"), "invalid character escape at 0..10");
  EXPECT_EQ(error(c, "'''"), "invalid token at 0..1");
  EXPECT_EQ(error(c, "'\n'"), "invalid token at 0..1");
  EXPECT_EQ(error(c, "\"x\""), "invalid value type (expected a value of type char) at 0..3");
}

TEST_F(Wave, Strings) {
  const ValType s = prim(ValKind::String);
  EXPECT_EQ(round(s, "\"\""), "\"\"");
  EXPECT_EQ(round(s, "\"WAVE🌊\""), "\"WAVE🌊\"");
  EXPECT_EQ(round(s, "\"\\\\\\'\\\"\\t\\n\\r\""), "\"\\\\\\'\\\"\\t\\n\\r\"");
  EXPECT_EQ(round(s, "\"'\\'\\u{27}\""), "\"\\'\\'\\'\"");
  EXPECT_EQ(round(s, "\"☃\\u{2603}\\u{002603}\""), "\"☃☃☃\"");
  EXPECT_EQ(round(s, "\"a\\u{0}b\\u{1b}[31m\""), "\"a\\u{0}b\\u{1b}[31m\"");
  EXPECT_EQ(error(s, "\"\\u{d800}\""), "invalid character escape at 1..2");
  EXPECT_EQ(error(s, "\"ok\\u{110000}\""), "invalid character escape at 3..4");
  EXPECT_EQ(error(s, "\"\\u{ffffffff}\""), "invalid token at 0..1");
  EXPECT_EQ(error(s, "\"\\u{-1}\""), "invalid token at 0..1");
  EXPECT_EQ(error(s, "\"\"\""), "invalid token at 0..3");
  EXPECT_EQ(error(s, "\"\\\""), "invalid token at 0..3");
  EXPECT_EQ(error(s, "\"\n\""), "invalid token at 0..1");
  EXPECT_EQ(error(s, "\"abc"), "invalid token at 0..4");
}

TEST_F(Wave, MultilineStrings) {
  const ValType s = prim(ValKind::String);
  EXPECT_EQ(round(s, "\"\"\"\n\"\"\""), "\"\"");
  EXPECT_EQ(round(s, "\"\"\"\nBreak up: \"\"\\\"\"\nescapes: \\\\\\'\\\"\\t\\n\\r\\u{2603}\n\"\"\""),
            "\"Break up: \\\"\\\"\\\"\\\"\\nescapes: \\\\\\'\\\"\\t\\n\\r☃\"");
  EXPECT_EQ(round(s, "\"\"\"\n    Trailing indent\n  determines dedent\n      behavior.\n  \"\"\""),
            "\"  Trailing indent\\ndetermines dedent\\n    behavior.\"");
  EXPECT_EQ(round(s, "\"\"\"\n\nEmpty lines kept\n\n\"\"\""), "\"\\nEmpty lines kept\\n\"");
  EXPECT_EQ(round(s, "\"\"\"\r\nCRLF\r\n\"\"\""), "\"CRLF\"");
  EXPECT_EQ(error(s, "\"\"\"\"\"\""),
            "invalid multiline string: opening \"\"\" must be followed immediately by newline at 3..4");
  EXPECT_EQ(error(s, "\"\"\" \"\"\""),
            "invalid multiline string: opening \"\"\" must be followed immediately by newline at 3..4");
  EXPECT_EQ(error(s, "\"\"\"\nextra\"\"\""),
            "invalid multiline string: closing \"\"\" must be on a line preceded only by spaces at 9..12");
  EXPECT_EQ(error(s, "\"\"\"\n  a\n b\n  \"\"\""),
            "invalid multiline string: lines must be indented at least as much as closing \"\"\" at 8..9");
  EXPECT_EQ(error(s, "\"\"\"\nbad: \\u{d800}\n\"\"\""), "invalid character escape at 9..10");
}

TEST_F(Wave, TuplesAndLists) {
  const ValType t = types.add(TupleType{{prim(ValKind::U8), prim(ValKind::String)}});
  EXPECT_EQ(round(t, "(123, \"abc\")"), "(123, \"abc\")");
  EXPECT_EQ(round(t, "( 123 , \"abc\" , )"), "(123, \"abc\")");
  EXPECT_EQ(error(t, "(1)"), "error converting Wasm value: expected 2 tuple elements; got 1 at 0..3");
  EXPECT_EQ(error(t, "()"), "empty tuple at 0..2");
  const ValType l = list(prim(ValKind::Char));
  EXPECT_EQ(round(l, "[]"), "[]");
  EXPECT_EQ(round(l, "['a', 'b', 'c',]"), "['a', 'b', 'c']");
  EXPECT_EQ(error(l, "['a',,]"), "unexpected token: Comma (expected a value) at 5..6");
  EXPECT_EQ(error(l, "[,'a']"), "unexpected token: Comma (expected a value) at 1..2");
  EXPECT_EQ(error(l, "[)"), "unexpected token: ParenClose (expected a value) at 1..2");
  EXPECT_EQ(error(l, "['a' 'b']"), "unexpected token: Char (expected `,` or `]`) at 5..8");
  const ValType fixed = types.add(ListType{prim(ValKind::U8), 2});
  EXPECT_EQ(round(fixed, "[1, 2]"), "[1, 2]");
  EXPECT_EQ(error(fixed, "[1]"), "error converting Wasm value: expected 2 list elements; got 1 at 0..3");
}

TEST_F(Wave, RecordsOmitNoneFields) {
  const ValType basic = types.add(RecordType{{{"required", prim(ValKind::U8)}, {"optional", option(prim(ValKind::U8))}}});
  EXPECT_EQ(round(basic, "{ required: 1 }"), "{required: 1}");
  EXPECT_EQ(round(basic, "{ required: 1, optional: none, }"), "{required: 1}");
  EXPECT_EQ(round(basic, "{ optional: none, required: 1 }"), "{required: 1}");
  EXPECT_EQ(round(basic, "{ optional: some(2), required: 1, }"), "{required: 1, optional: some(2)}");
  EXPECT_EQ(round(basic, "{%required: 1, optional: 2}"), "{required: 1, optional: some(2)}");
  EXPECT_EQ(error(basic, "{ optional: none }"), "error converting Wasm value: missing field \"required\" at 0..18");
  EXPECT_EQ(error(basic, "{ required: 0, required: 0 }"), "duplicate field: \"required\" at 15..23");
  EXPECT_EQ(error(basic, "{ required: 0,, }"), "unexpected token: Comma (expected a label) at 14..15");
  EXPECT_EQ(error(basic, "{ , required: 0 }"), "unexpected token: Comma (expected a label) at 2..3");
  EXPECT_EQ(error(basic, "{ required: 0, extra: 1 }"), "error converting Wasm value: unknown field \"extra\" at 15..20");
  EXPECT_EQ(error(basic, "{ required: 0 optional: none }"), "unexpected token: LabelOrKeyword (expected `,` or `}`) at 14..22");
  const ValType all_optional = types.add(RecordType{{{"a", option(prim(ValKind::U8))}, {"b", option(prim(ValKind::U8))}}});
  EXPECT_EQ(round(all_optional, "{:}"), "{:}");
  EXPECT_EQ(round(all_optional, "{ : }"), "{:}");
  EXPECT_EQ(round(all_optional, "{a:none,b:none}"), "{:}");
  EXPECT_EQ(round(all_optional, "{b:some(2),a:some(1)}"), "{a: some(1), b: some(2)}");
  EXPECT_EQ(error(all_optional, "{}"), "invalid value type (expected a value of type record) at 0..2");
  const ValType keywords = types.add(RecordType{{{"true", prim(ValKind::Bool)}, {"some", option(prim(ValKind::U8))},
                                                 {"none", option(prim(ValKind::U8))}, {"nan", prim(ValKind::F32)}}});
  EXPECT_EQ(round(keywords, "{true: true, some: some(1), none: none, nan: nan}"), "{true: true, some: some(1), nan: nan}");
}

TEST_F(Wave, VariantsAndEnumsWithKeywordCases) {
  const ValType v = types.add(VariantType{{{"empty", std::nullopt},
                                           {"body", list(prim(ValKind::U8))},
                                           {"err", prim(ValKind::String)},
                                           {"none", std::nullopt}}});
  EXPECT_EQ(round(v, "empty"), "empty");
  EXPECT_EQ(round(v, "body([79, 75])"), "body([79, 75])");
  EXPECT_EQ(round(v, "%err(\"oops\")"), "%err(\"oops\")");
  EXPECT_EQ(round(v, "%none"), "%none");
  EXPECT_EQ(round(v, "%empty"), "empty");
  EXPECT_EQ(error(v, "err(\"oops\")"), "invalid value type (expected a value of type variant) at 0..11");
  EXPECT_EQ(error(v, "body"), "error converting Wasm value: missing payload for \"body\" case at 0..4");
  EXPECT_EQ(error(v, "empty(1)"), "error converting Wasm value: unexpected payload for \"empty\" case at 0..8");
  EXPECT_EQ(error(v, "other"), "error converting Wasm value: unknown case \"other\" at 0..5");
  const ValType e = types.add(EnumType{{"left", "ok", "true", "inf"}});
  EXPECT_EQ(round(e, "left"), "left");
  EXPECT_EQ(round(e, "%left"), "left");
  EXPECT_EQ(round(e, "%ok"), "%ok");
  EXPECT_EQ(round(e, "%true"), "%true");
  EXPECT_EQ(round(e, "%inf"), "%inf");
  EXPECT_EQ(error(e, "true"), "invalid value type (expected a value of type enum) at 0..4");
  EXPECT_EQ(error(e, "ok"), "invalid value type (expected a value of type enum) at 0..2");
  EXPECT_EQ(error(e, "inf"), "invalid value type (expected a value of type enum) at 0..3");
}

TEST_F(Wave, OptionsAndTheFlatShorthand) {
  const ValType o = option(prim(ValKind::U8));
  EXPECT_EQ(round(o, "123"), "some(123)");
  EXPECT_EQ(round(o, "some(123)"), "some(123)");
  EXPECT_EQ(round(o, "none"), "none");
  EXPECT_EQ(error(o, "some"), "unexpected end of input at 4..4");
  EXPECT_EQ(error(o, "some()"), "unexpected token: ParenClose (expected a value) at 5..6");
  EXPECT_EQ(error(o, "some(some(0))"), "invalid value type (expected a value of type u8) at 5..12");
  EXPECT_EQ(error(o, "none()"), "trailing characters after value at 4..5");
  // A flat payload is allowed only when it is no option or result itself.
  const ValType nested = option(o);
  EXPECT_EQ(round(nested, "some(some(1))"), "some(some(1))");
  EXPECT_EQ(round(nested, "some(none)"), "some(none)");
  EXPECT_EQ(round(nested, "none"), "none");
  EXPECT_EQ(error(nested, "1"), "invalid value type (expected a value of type option) at 0..1");
  EXPECT_EQ(round(option(types.add(EnumType{{"none", "a"}})), "%none"), "some(%none)");
  const ValType string_option = option(prim(ValKind::String));
  EXPECT_EQ(round(string_option, "\"flat some\""), "some(\"flat some\")");
}

TEST_F(Wave, Results) {
  const ValType ok_u8 = result(prim(ValKind::U8), std::nullopt);
  EXPECT_EQ(round(ok_u8, "123"), "ok(123)");
  EXPECT_EQ(round(ok_u8, "ok(123)"), "ok(123)");
  EXPECT_EQ(round(ok_u8, "err"), "err");
  EXPECT_EQ(error(ok_u8, "ok"), "error converting Wasm value: missing payload for \"ok\" case at 0..2");
  EXPECT_EQ(error(ok_u8, "err(0)"), "error converting Wasm value: unexpected payload for \"err\" case at 0..6");
  EXPECT_EQ(error(ok_u8, "ok()"), "unexpected token: ParenClose (expected a value) at 3..4");
  const ValType err_string = result(std::nullopt, prim(ValKind::String));
  EXPECT_EQ(round(err_string, "ok"), "ok");
  EXPECT_EQ(round(err_string, "err(\"oops\")"), "err(\"oops\")");
  EXPECT_EQ(error(err_string, "\"oops\""), "invalid value type (expected a value of type result) at 0..6");
  const ValType bare = result(std::nullopt, std::nullopt);
  EXPECT_EQ(round(bare, "ok"), "ok");
  EXPECT_EQ(round(bare, "err"), "err");
  EXPECT_EQ(error(bare, "ok(0)"), "error converting Wasm value: unexpected payload for \"ok\" case at 0..5");
  EXPECT_EQ(round(result(option(prim(ValKind::U8)), std::nullopt), "ok(none)"), "ok(none)");
  EXPECT_EQ(error(result(option(prim(ValKind::U8)), std::nullopt), "none"),
            "invalid value type (expected a value of type result) at 0..4");
}

TEST_F(Wave, Flags) {
  const ValType f = types.add(FlagsType{{"read", "write", "exec"}});
  EXPECT_EQ(round(f, "{}"), "{}");
  EXPECT_EQ(round(f, "{ read, }"), "{read}");
  EXPECT_EQ(round(f, "{exec, read}"), "{read, exec}");
  EXPECT_EQ(round(f, "{%write, read,}"), "{read, write}");
  EXPECT_EQ(error(f, "{ read, read }"), "duplicate flag: \"read\" at 8..12");
  EXPECT_EQ(error(f, "{ read, write, execute }"), "error converting Wasm value: unknown case \"execute\" at 0..24");
  EXPECT_EQ(error(f, "{read write}"), "unexpected token: LabelOrKeyword (expected `,` or `}`) at 6..11");
}

TEST_F(Wave, CommentsAreTrivia) {
  const ValType basic = types.add(RecordType{{{"required", prim(ValKind::U8)}, {"optional", option(prim(ValKind::U8))}}});
  EXPECT_EQ(round(basic, "{ // comment\n  required: 1, // comment\n  optional: some( // comment\n 1 ),\n} // end"),
            "{required: 1, optional: some(1)}");
  EXPECT_EQ(error(basic, "// { required: 1 }"), "unexpected end of input at 18..18");
}

TEST_F(Wave, UnsupportedTypesAndResourcesPrint) {
  EXPECT_EQ(error(ValType{ValKind::Own, 0}, "1"),
            "error converting Wasm value: unsupported type own (WAVE has no encoding for it) at 0..1");
  EXPECT_EQ(to_string(Val(ResourceHandle{3, true})), "own(3)");
  EXPECT_EQ(to_string(Val(ResourceHandle{4, false})), "borrow(4)");
  EXPECT_EQ(to_string(Val(ErrorContext{"disk \"sda\" on fire"})), "error-context(\"disk \\\"sda\\\" on fire\")");
}

TEST_F(Wave, HostileInputIsAnError) {
  const ValType deep = list(list(prim(ValKind::U8)));
  std::string nested(100000, '[');
  EXPECT_NE(error(deep, nested).find("value nesting too deep"), std::string::npos);
  std::string options;
  for (int i = 0; i < 5000; ++i) options += "some(";
  EXPECT_NE(error(option(prim(ValKind::U8)), options).find("value nesting too deep"), std::string::npos);
  EXPECT_EQ(error(prim(ValKind::String), "\"\xff\""), "WAVE text is not valid UTF-8");
  EXPECT_EQ(error(prim(ValKind::String), ""), "unexpected end of input at 0..0");
  EXPECT_EQ(error(prim(ValKind::U8), "1 2"), "trailing characters after value at 2..3");
  EXPECT_EQ(error(prim(ValKind::U8), "1 @"), "trailing characters after value at 2..3");
  EXPECT_EQ(error(prim(ValKind::U8), "@"), "invalid token at 0..1");
  EXPECT_EQ(error(prim(ValKind::Char), "'\\u{"), "invalid token at 0..1");
}

TEST_F(Wave, WrittenValuesReadBack) {
  const ValType rec = types.add(RecordType{{{"name", prim(ValKind::String)},
                                            {"tags", list(prim(ValKind::Char))},
                                            {"score", prim(ValKind::F64)},
                                            {"pair", types.add(TupleType{{prim(ValKind::S64), prim(ValKind::Bool)}})},
                                            {"maybe", option(result(prim(ValKind::U16), prim(ValKind::String)))}}});
  const std::string text = "{name: \"a\\\"b\\u{7}\\u{301}\", tags: ['\\'', '\\u{0}'], score: -0.000001, pair: (-5, true), "
                           "maybe: some(err(\"x\"))}";
  auto v = parse_value(text, rec, types);
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(to_string(*v), text);
  auto again = parse_value(to_string(*v), rec, types);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *v);
}

TEST(WaveCall, NamesAsInvokeTakesThem) {
  auto plain = parse_call("nullary()");
  ASSERT_TRUE(plain) << plain.error().message();
  EXPECT_EQ(plain->name().name, "nullary");
  EXPECT_FALSE(plain->name().instance_name());
  auto iface = parse_call("ui.string(\"\")");
  ASSERT_TRUE(iface);
  EXPECT_EQ(*iface->name().instance_name(), "ui");
  EXPECT_EQ(iface->name().name, "string");
  auto full = parse_call("ui:tests/ui.string@0.1.0 ( \"\" )");
  ASSERT_TRUE(full) << full.error().message();
  EXPECT_EQ(*full->name().instance_name(), "ui:tests/ui@0.1.0");
  EXPECT_EQ(full->name().to_string(), "ui:tests/ui.string@0.1.0");
  auto method = parse_call("wasi:http/types.[static]fields.from-list@0.2.0([])");
  ASSERT_TRUE(method) << method.error().message();
  EXPECT_EQ(method->name().name, "[static]fields.from-list");
  EXPECT_EQ(*method->name().instance_name(), "wasi:http/types@0.2.0");
  auto ctor = parse_call("[constructor]counter(1)");
  ASSERT_TRUE(ctor);
  EXPECT_EQ(ctor->name().name, "[constructor]counter");

  EXPECT_FALSE(parse_call(" f()"));
  EXPECT_FALSE(parse_call("f"));
  EXPECT_FALSE(parse_call("f(1) x"));
  EXPECT_FALSE(parse_call("f@1.0.0()"));
  EXPECT_FALSE(parse_call("ns:pkg/iface()"));
  EXPECT_FALSE(parse_call("a.b.c()"));
  EXPECT_FALSE(parse_call("f(1,,)"));
  EXPECT_EQ(parse_call("f(]").error().message(), "unexpected token: BracketClose (expected a value) at 2..3");
}

TEST(WaveCall, ArgumentsTakeTheParameterTypes) {
  TypeTables types;
  const ValType opt = types.add(OptionType{prim(ValKind::U8)});
  FuncType three{{{"a", opt}, {"b", opt}, {"c", opt}}, std::nullopt, false};
  for (const char* text : {"f(some(1))", "f(some(1), none)", "f(1, none, none)"}) {
    auto call = parse_call(text);
    ASSERT_TRUE(call);
    auto args = call->arguments(three, types);
    ASSERT_TRUE(args) << args.error().message();
    ASSERT_EQ(args->size(), 3u);
    EXPECT_EQ(to_string((*args)[0]), "some(1)");
    EXPECT_EQ(to_string((*args)[2]), "none");
  }
  auto none_given = parse_call("f()")->arguments(three, types);
  ASSERT_TRUE(none_given);
  EXPECT_EQ(none_given->size(), 3u);

  FuncType one{{{"val", prim(ValKind::String)}}, std::nullopt, false};
  EXPECT_EQ(parse_call("string()")->arguments(one, types).error().message(),
            "invalid params: missing required param(s) (expected `val`) at 7..8");
  FuncType nullary{{}, std::nullopt, false};
  EXPECT_EQ(parse_call("nullary(\"\")")->arguments(nullary, types).error().message(),
            "invalid params: more param(s) than expected (`nullary` takes 0) at 8..10");
  EXPECT_EQ(parse_call("string(1)")->arguments(one, types).error().message(),
            "invalid value type (expected a value of type string) at 7..8");
}

TEST(WaveCall, ResultsPrintAsInvokeDoes) {
  EXPECT_EQ(results_to_string({}), "()");
  std::vector<Val> one{Val(uint32_t{7})};
  EXPECT_EQ(results_to_string(one), "7");
  std::vector<Val> two{Val(uint32_t{7}), Val("x")};
  EXPECT_EQ(results_to_string(two), "(7, \"x\")");
}

TEST(WaveCall, ExportedFunctionsAreFoundAsWasmtimeFindsThem) {
  TypeTables types;
  FuncTypeId f = types.add(FuncType{});
  InstanceTypeId a = types.add(InstanceType{{{"run", ExternType{ExternKind::Func, f.index, {}, {}}},
                                             {"only-a", ExternType{ExternKind::Func, f.index, {}, {}}}}});
  InstanceTypeId b = types.add(InstanceType{{{"run", ExternType{ExternKind::Func, f.index, {}, {}}}}});
  ComponentType c;
  c.exports = {{"top", ExternType{ExternKind::Func, f.index, {}, {}}},
               {"wasi:cli/run@0.2.0", ExternType{ExternKind::Instance, a.index, {}, {}}},
               {"local", ExternType{ExternKind::Instance, b.index, {}, {}}}};
  auto find = [&](const char* call) { return find_exported_func(c, types, parse_call(std::string(call) + "()")->name()); };
  auto top = find("top");
  ASSERT_TRUE(top);
  EXPECT_FALSE(top->instance);
  auto only = find("only-a");
  ASSERT_TRUE(only);
  EXPECT_EQ(*only->instance, "wasi:cli/run@0.2.0");
  auto qualified = find("wasi:cli/run.run@0.2.0");
  ASSERT_TRUE(qualified);
  EXPECT_EQ(*qualified->instance, "wasi:cli/run@0.2.0");
  EXPECT_EQ(*find("local.run")->instance, "local");
  EXPECT_EQ(find("run").error().message(),
            "Multiple instances contained funcs named `run`, retry with a more specific name: "
            "`wasi:cli/run.run@0.2.0`, `local.run`");
  EXPECT_EQ(find("missing").error().message(), "No exported func named `missing` in component.");
  EXPECT_EQ(find("wasi:cli/run.run@0.2.1").error().message(),
            "No exported func named `wasi:cli/run.run@0.2.1` in component.");
}

}  // namespace
}  // namespace stratus::component::wave
