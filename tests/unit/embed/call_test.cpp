#include <gtest/gtest.h>

#include "stratus/stratus.hpp"
#include "test_support.hpp"

namespace stratus {
namespace {

const FuncType kI32ToI32{{ValType::I32}, {ValType::I32}};

class CallTest : public ::testing::Test {
 protected:
  Engine engine;
  Store store{engine};
  Linker linker{engine};
};

TEST_F(CallTest, WasmFromHostUntyped) {
  Instance inst = test::expect_ok(linker.instantiate(store, test::load(engine, "add")));
  Func add = *inst.get_func("add");
  EXPECT_EQ(add.type(), (FuncType{{ValType::I32, ValType::I32}, {ValType::I32}}));
  auto r = add.call(store, std::vector<Val>{Val::i32(40), Val::i32(2)});
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0], Val::i32(42));

  Val out[2];
  Func swap = *inst.get_func("swap");
  ASSERT_TRUE(swap.call(store, std::vector<Val>{Val::i64(-5), Val::f64(2.5)}, out));
  EXPECT_EQ(out[0], Val::f64(2.5));
  EXPECT_EQ(out[1], Val::i64(-5));
}

TEST_F(CallTest, WasmFromHostTyped) {
  Instance inst = test::expect_ok(linker.instantiate(store, test::load(engine, "add")));
  auto add = test::expect_ok(inst.get_func("add")->typed<int32_t(int32_t, int32_t)>());
  auto r = add.call(store, 7, -3);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(*r, 4);
  auto swap = test::expect_ok(inst.get_func("swap")->typed<std::tuple<double, int64_t>(int64_t, double)>());
  auto s = swap.call(store, 9, 0.5);
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(*s, std::make_tuple(0.5, int64_t{9}));

  auto wrong = inst.get_func("add")->typed<int64_t(int32_t, int32_t)>();
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message(), "typed(): function has type (i32, i32) -> (i32), not (i32, i32) -> (i64)");
}

TEST_F(CallTest, ArgumentMismatchesAreNamed) {
  Instance inst = test::expect_ok(linker.instantiate(store, test::load(engine, "add")));
  Func add = *inst.get_func("add");
  auto few = add.call(store, std::vector<Val>{Val::i32(1)});
  ASSERT_FALSE(few);
  EXPECT_EQ(few.error().message(), "call: function of type (i32, i32) -> (i32) expects 2 argument(s), got 1");
  auto typed = add.call(store, std::vector<Val>{Val::i32(1), Val::f32(1.0f)});
  ASSERT_FALSE(typed);
  EXPECT_EQ(typed.error().message(), "call: argument 1 of function of type (i32, i32) -> (i32) must be i32, got f32");
  std::vector<Val> no_room;
  auto room = add.call(store, std::vector<Val>{Val::i32(1), Val::i32(2)}, no_room);
  ASSERT_FALSE(room);
  EXPECT_EQ(room.error().message(),
            "call: function of type (i32, i32) -> (i32) returns 1 value(s), but the results span holds 0");
  EXPECT_FALSE(Func().call(store, {}));
}

TEST_F(CallTest, FunctionOfAnotherStoreIsRefused) {
  Store other(engine);
  Instance inst = test::expect_ok(linker.instantiate(other, test::load(engine, "add")));
  auto r = inst.get_func("add")->call(store, std::vector<Val>{Val::i32(1), Val::i32(2)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "call: the function belongs to a different Store");
}

TEST_F(CallTest, HostFromWasmSeesCallerMemory) {
  int calls = 0;
  ASSERT_TRUE(linker.define_func("host", "triple", kI32ToI32,
                                 [&](Caller& caller, std::span<const Val> params, std::span<Val> results) -> Result<void> {
                                   ++calls;
                                   auto run = caller.get_export("run");
                                   EXPECT_TRUE(run && std::holds_alternative<Func>(*run));
                                   EXPECT_FALSE(caller.get_export("missing"));
                                   results[0] = Val::i32(params[0].i32() * 3);
                                   return {};
                                 }));
  ASSERT_TRUE(linker.define_func("host", "peek", kI32ToI32,
                                 [](Caller& caller, std::span<const Val> params, std::span<Val> results) -> Result<void> {
                                   auto mem = caller.memory();
                                   if (!mem) return Error(ErrorKind::Host, "no memory");
                                   results[0] = Val::i32(mem->data()[params[0].i32()]);
                                   return {};
                                 }));
  Instance inst = test::expect_ok(linker.instantiate(store, test::load(engine, "host_call")));
  auto run = test::expect_ok(inst.get_func("run")->typed<int32_t(int32_t)>());
  auto r = run.call(store, 5);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(*r, 15 + 42);
  EXPECT_EQ(calls, 1);
}

TEST_F(CallTest, HostErrorBecomesATrap) {
  ASSERT_TRUE(linker.define_func("host", "triple", kI32ToI32,
                                 [](Caller&, std::span<const Val>, std::span<Val>) -> Result<void> {
                                   return Error(ErrorKind::Host, "triple is broken");
                                 }));
  ASSERT_TRUE(linker.define_func("host", "peek", kI32ToI32,
                                 [](Caller&, std::span<const Val>, std::span<Val> results) -> Result<void> {
                                   results[0] = Val::i32(0);
                                   return {};
                                 }));
  Instance inst = test::expect_ok(linker.instantiate(store, test::load(engine, "host_call")));
  auto r = inst.get_func("run")->call(store, std::vector<Val>{Val::i32(1)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Trap);
  ASSERT_TRUE(r.error().trap());
  EXPECT_EQ(r.error().trap()->kind(), TrapKind::HostTrap);
}

TEST_F(CallTest, WrappedHostFunctionCalledDirectly) {
  Func f = Func::wrap(store, kI32ToI32, [](Caller& caller, std::span<const Val> params, std::span<Val> results) {
    EXPECT_EQ(caller.instance(), nullptr);
    EXPECT_FALSE(caller.memory());
    results[0] = Val::i32(params[0].i32() + 1);
    return Result<void>();
  });
  EXPECT_EQ(f.type(), kI32ToI32);
  auto r = f.call(store, std::vector<Val>{Val::i32(41)});
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ((*r)[0].i32(), 42);
}

TEST_F(CallTest, HostFunctionsInstalledInATable) {
  auto table = test::expect_ok(Table::create(store, TableType{ValType::FuncRef, {1, std::nullopt}}));
  ASSERT_TRUE(linker.define("env", "table", table));
  Instance inst = test::expect_ok(linker.instantiate(store, test::load(engine, "call_table")));
  Func negate = Func::wrap(store, kI32ToI32, [](Caller&, std::span<const Val> p, std::span<Val> r) {
    r[0] = Val::i32(-p[0].i32());
    return Result<void>();
  });
  ASSERT_TRUE(table.set(0, negate.to_ref()));
  auto call_at = test::expect_ok(inst.get_func("call_at")->typed<int32_t(int32_t, int32_t)>());
  auto r = call_at.call(store, 0, 9);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(*r, -9);
}

}  // namespace
}  // namespace stratus
