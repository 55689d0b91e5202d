// The embedding API's guard rails: no constructor that takes internals or ignores a config,
// unwrap() for examples and tests, call-argument errors of their own kind, typed calls that
// check their Store.
#include <gtest/gtest.h>

#include <type_traits>
#include <vector>

#include "stratus/stratus.hpp"
#include "test_support.hpp"

namespace stratus {
namespace {

// Handles come from the API (instantiate, get_export, create), never from internals.
static_assert(!std::is_constructible_v<Func, exec::FuncInst*>);
static_assert(!std::is_constructible_v<Memory, exec::MemoryInst*>);
static_assert(!std::is_constructible_v<Table, exec::TableInst*>);
static_assert(!std::is_constructible_v<Global, exec::GlobalInst*>);
static_assert(!std::is_constructible_v<Instance, exec::ModuleInst*>);
static_assert(!std::is_constructible_v<Caller, Store&, exec::ModuleInst*>);
// A config goes through Engine::create, which honours all of it or says why not.
static_assert(!std::is_constructible_v<Engine, EngineConfig>);
static_assert(std::is_default_constructible_v<Engine>);
// A TypedFunc comes from Func::typed, which checks the signature.
static_assert(!std::is_constructible_v<TypedFunc<int32_t(int32_t)>, Func>);

TEST(Engine, DefaultConstructedHonoursTheDefaultConfig) {
  Engine engine;
  const EngineConfig defaults;
  EXPECT_EQ(engine.allocation(), InstanceAllocation::OnDemand);
  EXPECT_EQ(engine.limits().max_table_elements, defaults.limits.max_table_elements);
  EXPECT_EQ(engine.limits().max_instances, defaults.limits.max_instances);
  EXPECT_EQ(engine.limits().max_memory_bytes, defaults.limits.max_memory_bytes);
  EXPECT_NE(engine.bounds_checks(), BoundsChecks::Auto);
}

TEST(Engine, CreateHonoursLimits) {
  EngineConfig config;
  config.limits.max_table_elements = 123;
  Engine engine = Engine::create(config).unwrap();
  EXPECT_EQ(engine.limits().max_table_elements, 123u);
  Store store(engine);
  auto table = Table::create(store, TableType{ValType::FuncRef, Limits{200, std::nullopt}});
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().kind(), ErrorKind::Resource);
}

TEST(Result, UnwrapGivesTheValue) {
  EXPECT_EQ(Result<int>(5).unwrap(), 5);
  Result<std::vector<int>> r(std::vector<int>{1, 2});
  r.unwrap().push_back(3);
  EXPECT_EQ(r.unwrap().size(), 3u);
  Result<void>().unwrap();
}

TEST(ResultDeathTest, UnwrapOfAnErrorAbortsWithItsMessage) {
  EXPECT_DEATH((void)Result<int>(Error(ErrorKind::Config, "the answer is missing")).unwrap(), "the answer is missing");
  EXPECT_DEATH(Result<void>(Error(ErrorKind::Io, "no such file: x.wasm")).unwrap(), "no such file: x.wasm");
}

class ArgumentErrors : public ::testing::Test {
 protected:
  Engine engine;
  Store store{engine};
  Linker linker{engine};
  Instance inst = test::expect_ok(linker.instantiate(store, test::load(engine, "add")));
  Func add = *inst.get_func("add");
};

TEST_F(ArgumentErrors, WrongCountOrTypeHaveTheirOwnKind) {
  auto few = add.call(store, std::vector<Val>{Val::i32(1)});
  ASSERT_FALSE(few);
  EXPECT_EQ(few.error().kind(), ErrorKind::Argument);
  auto wrong_type = add.call(store, std::vector<Val>{Val::i32(1), Val::i64(2)});
  ASSERT_FALSE(wrong_type);
  EXPECT_EQ(wrong_type.error().kind(), ErrorKind::Argument);
  std::vector<Val> no_room;
  auto room = add.call(store, std::vector<Val>{Val::i32(1), Val::i32(2)}, no_room);
  ASSERT_FALSE(room);
  EXPECT_EQ(room.error().kind(), ErrorKind::Argument);
  auto typed = add.typed<int64_t(int32_t, int32_t)>();
  ASSERT_FALSE(typed);
  EXPECT_EQ(typed.error().kind(), ErrorKind::Argument);
  auto null = Func().call(store, std::vector<Val>{});
  ASSERT_FALSE(null);
  EXPECT_EQ(null.error().kind(), ErrorKind::Argument);
}

TEST_F(ArgumentErrors, TypedCallsCheckTheirStore) {
  auto typed = test::expect_ok(add.typed<int32_t(int32_t, int32_t)>());
  EXPECT_EQ(typed.call(store, 2, 3).unwrap(), 5);
  Store other(engine);
  auto r = typed.call(other, 2, 3);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Argument);
  EXPECT_EQ(r.error().message(), "call: the function belongs to a different Store");

  Func host = Func::wrap(store, FuncType{{}, {}}, [](Caller&, std::span<const Val>, std::span<Val>) -> Result<void> {
    return {};
  });
  auto typed_host = test::expect_ok(host.typed<void()>());
  EXPECT_TRUE(typed_host.call(store));
  auto wrong = typed_host.call(other);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind(), ErrorKind::Argument);
}

}  // namespace
}  // namespace stratus
