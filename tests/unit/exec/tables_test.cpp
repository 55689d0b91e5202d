#include "exec_test_support.hpp"

namespace stratus::exec_test {
namespace {

class Tables : public ::testing::Test {
 protected:
  void SetUp() override { f.instantiate(); }
  Fixture f{"tables"};
};

int32_t one_i32(Result<std::vector<Val>> r) { return Fixture::must(std::move(r)).at(0).i32(); }

TEST_F(Tables, CallIndirect) {
  EXPECT_EQ(one_i32(f.call("call", {i32(0)})), 1);
  EXPECT_EQ(one_i32(f.call("call", {i32(1)})), 2);
  auto t = f.trap_of("call", {i32(2)});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), TrapKind::UninitializedElement);
  EXPECT_NE(t->message().find("uninitialized element"), std::string::npos);
  t = f.trap_of("call", {i32(4)});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), TrapKind::UndefinedElement);
  EXPECT_EQ(t->message(), "undefined element");
  t = f.trap_of("call_ii", {i32(0)});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), TrapKind::IndirectCallTypeMismatch);
  EXPECT_EQ(t->message(), "indirect call type mismatch");
  Fixture::must(f.call("set_inc"));
  EXPECT_EQ(one_i32(f.call("call_ii", {i32(2)})), 6);
}

TEST_F(Tables, GrowAndSize) {
  EXPECT_EQ(one_i32(f.call("size")), 4);
  EXPECT_EQ(one_i32(f.call("grow", {i32(3)})), 4);
  EXPECT_EQ(one_i32(f.call("size")), 7);
  auto t = f.trap_of("call", {i32(6)});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), TrapKind::UninitializedElement);
}

TEST_F(Tables, BacktraceNamesFramesInnermostFirst) {
  auto t = f.trap_of("middle", {i32(0)});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->message(), "integer divide by zero");
  ASSERT_EQ(t->backtrace().size(), 2u);
  EXPECT_EQ(t->backtrace()[0].func_name, "inner");
  EXPECT_EQ(t->backtrace()[1].func_name, "middle");
  EXPECT_EQ(t->backtrace()[0].module_name, "tables_mod");
  EXPECT_GT(t->backtrace()[0].code_offset, 0u);
  EXPECT_GT(t->backtrace()[1].code_offset, 0u);
}

}  // namespace
}  // namespace stratus::exec_test
