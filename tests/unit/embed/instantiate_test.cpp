#include <gtest/gtest.h>

#include <cstring>

#include "stratus/stratus.hpp"
#include "test_support.hpp"

namespace stratus {
namespace {

class InstantiateTest : public ::testing::Test {
 protected:
  Engine engine;
  Store store{engine};
  Linker linker{engine};
};

TEST_F(InstantiateTest, OutOfBoundsDataKeepsEarlierWrites) {
  Memory mem = test::expect_ok(Memory::create(store, {{1, std::nullopt}}));
  ASSERT_TRUE(linker.define("env", "mem", mem));
  auto r = linker.instantiate(store, test::load(engine, "oob_data"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Trap);
  ASSERT_TRUE(r.error().trap());
  EXPECT_EQ(r.error().trap()->kind(), TrapKind::OutOfBoundsMemoryAccess);
  EXPECT_EQ(r.error().message(), "out of bounds memory access");
  EXPECT_EQ(std::memcmp(mem.data(), "hello", 5), 0);
  EXPECT_EQ(mem.data()[65534], 0);  // the failing segment wrote nothing
}

TEST_F(InstantiateTest, OutOfBoundsElementsKeepEarlierWrites) {
  Table table = test::expect_ok(Table::create(store, {ValType::FuncRef, {2, std::nullopt}}));
  ASSERT_TRUE(linker.define("env", "table", table));
  auto r = linker.instantiate(store, test::load(engine, "oob_elem"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().trap()->kind(), TrapKind::OutOfBoundsTableAccess);
  EXPECT_EQ(r.error().message(), "out of bounds table access");
  EXPECT_FALSE(table.get(0)->is_null());
  EXPECT_TRUE(table.get(1)->is_null());
  // The function in slot 0 lives on in the Store although its instance failed.
  auto f = Func::from_ref(*table.get(0));
  EXPECT_EQ(f.type(), FuncType{});
  EXPECT_TRUE(f.call(store, {}));
}

TEST_F(InstantiateTest, TrappingStartFunctionFailsInstantiation) {
  auto r = linker.instantiate(store, test::load(engine, "start_trap"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Trap);
  EXPECT_EQ(r.error().trap()->kind(), TrapKind::Unreachable);
}

TEST_F(InstantiateTest, StartFunctionRunsBeforeInstantiateReturns) {
  Instance inst = test::expect_ok(linker.instantiate(store, test::load(engine, "start_sets_global")));
  EXPECT_EQ(inst.get_global("g")->get(), Val::i32(42));
}

TEST_F(InstantiateTest, ExportsOfEveryKind) {
  ASSERT_TRUE(linker.define("env", "base", test::expect_ok(Global::create(store, {ValType::I32, false}, Val::i32(9)))));
  Instance inst = test::expect_ok(linker.instantiate(store, test::load(engine, "exports_all")));
  auto exports = inst.exports();
  ASSERT_EQ(exports.size(), 5u);
  EXPECT_EQ(exports[0].first, "get");
  EXPECT_TRUE(std::holds_alternative<Func>(exports[0].second));
  EXPECT_FALSE(inst.get_export("missing"));
  EXPECT_FALSE(inst.get_func("memory"));  // wrong kind

  Memory mem = *inst.get_memory("memory");
  EXPECT_EQ(mem.pages(), 2u);
  EXPECT_EQ(mem.size_bytes(), 2 * kPageSize);
  Global g = *inst.get_global("global");
  EXPECT_EQ(g.get(), Val::i32(9));  // initialized from the imported global
  Table t = *inst.get_table("table");
  EXPECT_EQ(t.size(), 3u);
  EXPECT_TRUE(t.get(0)->is_null());
  Func get = *inst.get_func("get");
  EXPECT_EQ(t.get(1)->ptr, get.raw());  // active element segment
  EXPECT_EQ(inst.get_global("fref")->get(), Val::funcref(get.to_ref()));
  auto r = get.call(store, {});
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ((*r)[0], Val::i32(9));
}

TEST_F(InstantiateTest, InstancesOfOneModuleAreIndependent) {
  Module m = test::load(engine, "memory_grow");
  Instance a = test::expect_ok(linker.instantiate(store, m));
  Instance b = test::expect_ok(linker.instantiate(store, m));
  a.get_memory("mem")->data()[0] = 1;
  EXPECT_EQ(b.get_memory("mem")->data()[0], 0);
  EXPECT_NE(a.get_memory("mem")->data(), b.get_memory("mem")->data());
}

}  // namespace
}  // namespace stratus
