#include <gtest/gtest.h>

#include "stratus/stratus.hpp"
#include "test_support.hpp"

namespace stratus {
namespace {

const FuncType kI32ToI32{{ValType::I32}, {ValType::I32}};

HostFunc identity() {
  return [](Caller&, std::span<const Val> p, std::span<Val> r) {
    r[0] = p[0];
    return Result<void>();
  };
}

// Defines everything imports_all.wat needs, each item overridable by the test.
class LinkTest : public ::testing::Test {
 protected:
  void define_defaults() {
    linker.allow_shadowing(true);
    ASSERT_TRUE(linker.define_func("env", "f", kI32ToI32, identity()));
    ASSERT_TRUE(linker.define("env", "table", test::expect_ok(Table::create(store, {ValType::FuncRef, {2, 10}}))));
    ASSERT_TRUE(linker.define("env", "mem", test::expect_ok(Memory::create(store, {{1, 4}}))));
    ASSERT_TRUE(linker.define("env", "g", test::expect_ok(Global::create(store, {ValType::I32, true}, Val::i32(5)))));
  }
  std::string link_error() {
    auto r = linker.instantiate(store, test::load(engine, "imports_all"));
    if (r) return "(instantiated)";
    EXPECT_EQ(r.error().kind(), ErrorKind::Link);
    return r.error().message();
  }

  Engine engine;
  Store store{engine};
  Linker linker{engine};
};

TEST_F(LinkTest, AllKindsLink) {
  define_defaults();
  Instance inst = test::expect_ok(linker.instantiate(store, test::load(engine, "imports_all")));
  auto read_g = test::expect_ok(inst.get_func("read_g")->typed<int32_t()>());
  EXPECT_EQ(*read_g.call(store), 5);
}

TEST_F(LinkTest, UnknownImport) {
  auto r = linker.instantiate(store, test::load(engine, "imports_all"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Link);
  EXPECT_EQ(r.error().message(), "unknown import: \"env\" \"f\"");
}

TEST_F(LinkTest, FuncTypeMustBeExact) {
  define_defaults();
  ASSERT_TRUE(linker.define_func("env", "f", FuncType{{ValType::I64}, {ValType::I32}}, identity()));
  EXPECT_EQ(link_error(),
            "incompatible import type for \"env\" \"f\": expected func (i32) -> (i32), got func (i64) -> (i32)");
}

TEST_F(LinkTest, KindMustMatch) {
  define_defaults();
  ASSERT_TRUE(linker.define("env", "f", test::expect_ok(Memory::create(store, {{1, 4}}))));
  EXPECT_EQ(link_error(),
            "incompatible import type for \"env\" \"f\": expected func (i32) -> (i32), got memory {min 1, max 4}");
}

TEST_F(LinkTest, TableLimits) {
  define_defaults();
  ASSERT_TRUE(linker.define("env", "table", test::expect_ok(Table::create(store, {ValType::FuncRef, {1, 10}}))));
  EXPECT_EQ(link_error(),
            "incompatible import type for \"env\" \"table\": expected table {min 2, max 10} funcref, got table {min "
            "1, max 10} funcref");
  ASSERT_TRUE(linker.define("env", "table", test::expect_ok(Table::create(store, {ValType::FuncRef, {2, 11}}))));
  EXPECT_EQ(link_error(),
            "incompatible import type for \"env\" \"table\": expected table {min 2, max 10} funcref, got table {min "
            "2, max 11} funcref");
  ASSERT_TRUE(linker.define("env", "table", test::expect_ok(Table::create(store, {ValType::FuncRef, {3, std::nullopt}}))));
  EXPECT_EQ(link_error(),
            "incompatible import type for \"env\" \"table\": expected table {min 2, max 10} funcref, got table {min "
            "3} funcref");
  ASSERT_TRUE(linker.define("env", "table", test::expect_ok(Table::create(store, {ValType::ExternRef, {2, 10}}))));
  EXPECT_EQ(link_error(),
            "incompatible import type for \"env\" \"table\": expected table {min 2, max 10} funcref, got table {min "
            "2, max 10} externref");
  // Larger minimum and tighter maximum are fine.
  ASSERT_TRUE(linker.define("env", "table", test::expect_ok(Table::create(store, {ValType::FuncRef, {5, 6}}))));
  EXPECT_EQ(link_error(), "(instantiated)");
}

TEST_F(LinkTest, MemoryLimitsUseTheCurrentSize) {
  define_defaults();
  Memory small = test::expect_ok(Memory::create(store, {{0, 4}}));
  ASSERT_TRUE(linker.define("env", "mem", small));
  EXPECT_EQ(link_error(),
            "incompatible import type for \"env\" \"mem\": expected memory {min 1, max 4}, got memory {min 0, max 4}");
  ASSERT_TRUE(small.grow(2));
  EXPECT_EQ(link_error(), "(instantiated)");
  ASSERT_TRUE(linker.define("env", "mem", test::expect_ok(Memory::create(store, {{1, std::nullopt}}))));
  EXPECT_EQ(link_error(),
            "incompatible import type for \"env\" \"mem\": expected memory {min 1, max 4}, got memory {min 1}");
}

TEST_F(LinkTest, GlobalMutabilityAndType) {
  define_defaults();
  ASSERT_TRUE(linker.define("env", "g", test::expect_ok(Global::create(store, {ValType::I32, false}, Val::i32(0)))));
  EXPECT_EQ(link_error(), "incompatible import type for \"env\" \"g\": expected global (mut i32), got global i32");
  ASSERT_TRUE(linker.define("env", "g", test::expect_ok(Global::create(store, {ValType::I64, true}, Val::i64(0)))));
  EXPECT_EQ(link_error(),
            "incompatible import type for \"env\" \"g\": expected global (mut i32), got global (mut i64)");
}

TEST_F(LinkTest, RedefinitionNeedsShadowing) {
  ASSERT_TRUE(linker.define_func("env", "f", kI32ToI32, identity()));
  auto again = linker.define_func("env", "f", kI32ToI32, identity());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message(), "\"env\" \"f\" is already defined (see Linker::allow_shadowing)");
  linker.allow_shadowing(true);
  EXPECT_TRUE(linker.define_func("env", "f", kI32ToI32, identity()));
}

TEST_F(LinkTest, ItemsOfAnotherStoreAreRefused) {
  define_defaults();
  Store other(engine);
  ASSERT_TRUE(linker.define("env", "mem", test::expect_ok(Memory::create(other, {{1, 4}}))));
  EXPECT_EQ(link_error(), "import \"env\" \"mem\" belongs to a different Store");
}

TEST_F(LinkTest, ModuleOfAnotherEngineIsRefused) {
  Engine other;
  auto r = linker.instantiate(store, test::load(other, "add"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "the module was compiled by a different Engine than the Store's");
}

TEST_F(LinkTest, DefineInstanceExposesExports) {
  ASSERT_TRUE(linker.define("env", "base", test::expect_ok(Global::create(store, {ValType::I32, false}, Val::i32(21)))));
  Instance exporter = test::expect_ok(linker.instantiate(store, test::load(engine, "exports_all")));
  ASSERT_TRUE(linker.define_instance("exp", exporter));
  auto again = linker.define_instance("exp", exporter);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message(), "\"exp\" \"get\" is already defined (see Linker::allow_shadowing)");
  Instance user = test::expect_ok(linker.instantiate(store, test::load(engine, "uses_exporter")));
  auto twice = test::expect_ok(user.get_func("twice")->typed<int32_t()>());
  EXPECT_EQ(*twice.call(store), 42);
}

}  // namespace
}  // namespace stratus
