// .wast scripts as commands: every form the spec runners need, with their lines.
#include "text/script.hpp"

#include <gtest/gtest.h>

namespace stratus::text {
namespace {

using Type = Command::Type;

std::vector<Command> parse(std::string_view source) {
  auto r = parse_script(source);
  if (!r) {
    ADD_FAILURE() << r.error().message();
    return {};
  }
  return *r;
}

TEST(TextScript, ModulesInEveryForm) {
  const auto commands = parse(R"wast((module $m (func (export "f") (result i32) (i32.const 7)))
(module binary "\00asm" "\01\00\00\00")
(module quote "(func" ")")
(assert_malformed (module quote "(func i32.ad)") "unknown operator")
(assert_invalid (module (func (result i32))) "type mismatch")
(register "m" $m)
(module (func (call $nowhere))))wast");
  ASSERT_EQ(commands.size(), 7u);
  EXPECT_EQ(commands[0].type, Type::Module);
  EXPECT_EQ(commands[0].name, "$m");
  EXPECT_EQ(commands[0].module.form, ScriptModule::Form::Binary);
  EXPECT_EQ(commands[1].module.bytes, (std::vector<uint8_t>{0, 'a', 's', 'm', 1, 0, 0, 0}));
  EXPECT_EQ(commands[2].module.form, ScriptModule::Form::Text);
  EXPECT_EQ(std::string(commands[2].module.bytes.begin(), commands[2].module.bytes.end()), "(func)");
  EXPECT_EQ(commands[3].type, Type::AssertMalformed);
  EXPECT_EQ(commands[3].text, "unknown operator");
  EXPECT_EQ(commands[3].line, 4u);
  EXPECT_EQ(commands[4].type, Type::AssertInvalid);
  EXPECT_EQ(commands[4].module.form, ScriptModule::Form::Binary);  // parsed; the validator judges it
  EXPECT_EQ(commands[5].type, Type::Register);
  EXPECT_EQ(commands[5].as, "m");
  EXPECT_EQ(commands[5].name, "$m");
  // A module that does not parse fails its own command, not the script.
  EXPECT_EQ(commands[6].module.form, ScriptModule::Form::Unparsed);
  EXPECT_NE(commands[6].module.error.find("unknown function $nowhere"), std::string::npos);
}

TEST(TextScript, ActionsAndExpectations) {
  const auto commands = parse(R"wast((assert_return (invoke $m "f" (i32.const -1) (f32.const nan:0x1) (ref.extern 0))
  (f64.const nan:canonical) (v128.const f32x4 nan:arithmetic 1 -0 inf) (ref.null extern) (ref.func))
(assert_trap (invoke "g") "unreachable")
(assert_trap (module (start 0) (func unreachable)) "unreachable")
(assert_exhaustion (invoke "h") "call stack exhausted")
(get "glob"))wast");
  ASSERT_EQ(commands.size(), 5u);
  const Command& r = commands[0];
  EXPECT_EQ(r.type, Type::AssertReturn);
  EXPECT_EQ(r.action.module, "$m");
  EXPECT_EQ(r.action.field, "f");
  ASSERT_EQ(r.action.args.size(), 3u);
  EXPECT_EQ(r.action.args[0].i32(), -1);
  EXPECT_EQ(r.action.args[1].f32_bits(), 0x7f800001u);
  EXPECT_EQ(r.action.args[2].ref().ptr, extern_ref_pointer(0));
  ASSERT_EQ(r.expected.size(), 4u);
  EXPECT_EQ(r.expected[0].lanes[0].nan, NanPattern::Canonical);
  EXPECT_EQ(r.expected[1].lane_type, "f32");
  ASSERT_EQ(r.expected[1].lanes.size(), 4u);
  EXPECT_EQ(r.expected[1].lanes[0].nan, NanPattern::Arithmetic);
  EXPECT_EQ(r.expected[1].lanes[1].bits, 0x3f800000u);
  EXPECT_EQ(r.expected[1].lanes[2].bits, 0x80000000u);
  EXPECT_TRUE(r.expected[2].ref_is_null);
  EXPECT_EQ(r.expected[2].type, ValType::ExternRef);
  EXPECT_TRUE(r.expected[3].ref_any_non_null);
  EXPECT_EQ(commands[1].type, Type::AssertTrap);
  EXPECT_EQ(commands[2].type, Type::AssertUninstantiable);
  EXPECT_EQ(commands[3].type, Type::AssertExhaustion);
  EXPECT_EQ(commands[4].type, Type::Action);
  EXPECT_EQ(commands[4].action.kind, Action::Kind::Get);
}

TEST(TextScript, FieldsAloneAreOneModule) {
  const auto commands = parse("(func) (memory 0) (func (export \"f\"))");
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].type, Type::Module);
  EXPECT_EQ(commands[0].module.form, ScriptModule::Form::Binary);
}

TEST(TextScript, ABrokenScriptIsAnErrorWithItsPlace) {
  auto r = parse_script("(module)\n(assert_return (invoke \"f\" (i32.const x)))");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message().substr(0, 5), "2:39:");
}

}  // namespace
}  // namespace stratus::text
