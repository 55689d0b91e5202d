#include <gtest/gtest.h>

#include "stratus/stratus.hpp"

namespace stratus {
namespace {

TEST(Types, ValTypeNames) {
  EXPECT_EQ(to_string(ValType::I32), "i32");
  EXPECT_EQ(to_string(ValType::I64), "i64");
  EXPECT_EQ(to_string(ValType::F32), "f32");
  EXPECT_EQ(to_string(ValType::F64), "f64");
  EXPECT_EQ(to_string(ValType::V128), "v128");
  EXPECT_EQ(to_string(ValType::FuncRef), "funcref");
  EXPECT_EQ(to_string(ValType::ExternRef), "externref");
}

TEST(Types, FuncTypeAndExternKindNames) {
  EXPECT_EQ(to_string(FuncType{{ValType::I32, ValType::I64}, {ValType::F32}}), "(i32, i64) -> (f32)");
  EXPECT_EQ(to_string(FuncType{}), "() -> ()");
  EXPECT_EQ(to_string(ExternKind::Func), "func");
  EXPECT_EQ(to_string(ExternKind::Table), "table");
  EXPECT_EQ(to_string(ExternKind::Memory), "memory");
  EXPECT_EQ(to_string(ExternKind::Global), "global");
}

TEST(Types, TrapMessagesUseTheSpecWording) {
  EXPECT_EQ(trap_message(TrapKind::IntegerDivideByZero), "integer divide by zero");
  EXPECT_EQ(trap_message(TrapKind::OutOfBoundsMemoryAccess), "out of bounds memory access");
  EXPECT_EQ(trap_message(TrapKind::CallStackExhausted), "call stack exhausted");
  EXPECT_EQ(trap_message(TrapKind::IndirectCallTypeMismatch), "indirect call type mismatch");
}

TEST(Types, TrapToStringListsFrames) {
  Trap t(TrapKind::Unreachable, "unreachable", {Frame{3, "inner", "m", 0x1c}, Frame{0, "", "", 0}});
  EXPECT_EQ(t.to_string(), "unreachable\n  at m!inner @ 0x1c\n  at func[0]");
}

TEST(Types, ErrorFromTrapCarriesIt) {
  auto trap = std::make_shared<const Trap>(TrapKind::HostTrap, "host said no");
  Error e(trap);
  EXPECT_EQ(e.kind(), ErrorKind::Trap);
  EXPECT_EQ(e.message(), "host said no");
  EXPECT_EQ(e.trap(), trap);
}

}  // namespace
}  // namespace stratus
