// Element segments keep their items in the module's bytes (binary/elem_items.hpp); active
// initialization, table.init across checkpoints and elem.drop read them from there.
#include <gtest/gtest.h>

#include <vector>

#include "../binary/wasm_builder.hpp"
#include "stratus/stratus.hpp"
#include "test_support.hpp"

namespace stratus {
namespace {

class ElemSegmentsTest : public ::testing::Test {
 protected:
  void instantiate(const Module& module) {
    inst = test::expect_ok(linker.instantiate(store, module));
    table = *inst.get_table("table");
  }

  // What table slot `slot` holds: the i32 its function returns, or 0 for null.
  int32_t slot(uint32_t index) {
    auto ref = table.get(index);
    EXPECT_TRUE(ref);
    if (!ref || ref->is_null()) return 0;
    auto results = Func::from_ref(*ref).call(store, {});
    EXPECT_TRUE(results) << results.error().message();
    return results ? (*results)[0].i32() : -1;
  }

  Result<std::vector<Val>> call(const char* name, std::vector<Val> args) {
    return inst.get_func(name)->call(store, args);
  }

  Engine engine;
  Store store{engine};
  Linker linker{engine};
  Instance inst;
  Table table;
};

// Item k of $indices returns k % 3 + 1; of $exprs: ref.func $one, null, ref.func $two, $three.
int32_t index_item(uint32_t k) { return static_cast<int32_t>(k % 3 + 1); }
int32_t expr_item(uint32_t k) {
  const int32_t values[] = {1, 0, 2, 3};
  return values[k % 4];
}

TEST_F(ElemSegmentsTest, ActiveSegmentsOfBothEncodings) {
  instantiate(test::load(engine, "elem_segments"));
  EXPECT_EQ(slot(0), 1);
  EXPECT_EQ(slot(1), 2);
  EXPECT_EQ(slot(2), 3);
  EXPECT_EQ(slot(3), 0);  // ref.null
  EXPECT_EQ(slot(4), 3);
  EXPECT_EQ(slot(5), 0);
}

// (import "env" "g" (global funcref)) (table 4 funcref)
// (elem (i32.const 0) funcref (global.get 0) (ref.null func)) (elem $p funcref (global.get 0))
// (func (export "init") (param i32 i32 i32) (table.init $p ...))
TEST_F(ElemSegmentsTest, GlobalGetItemsReadTheImportedGlobal) {
  using namespace binary::test;
  const Bytes wasm = module({
      section(1, {0x02, 0x60, 0x00, 0x01, 0x7F, 0x60, 0x03, 0x7F, 0x7F, 0x7F, 0x00}),
      section(2, cat({Bytes{0x01}, str("env"), str("g"), Bytes{0x03, 0x70, 0x00}})),
      section(3, {0x01, 0x01}),
      section(4, {0x01, 0x70, 0x00, 0x04}),
      section(7, cat({Bytes{0x02}, str("table"), Bytes{0x01, 0x00}, str("init"), Bytes{0x00, 0x00}})),
      section(9, {0x02, 0x04, 0x41, 0x00, 0x0B, 0x02, 0x23, 0x00, 0x0B, 0xD0, 0x70, 0x0B, 0x05, 0x70, 0x01, 0x23, 0x00,
                  0x0B}),
      section(10, {0x01, 0x0C, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xFC, 0x0C, 0x01, 0x00, 0x0B}),
  });
  Func seven = Func::wrap(store, FuncType{{}, {ValType::I32}}, [](Caller&, std::span<const Val>, std::span<Val> results) {
    results[0] = Val::i32(7);
    return Result<void>();
  });
  Global g = test::expect_ok(Global::create(store, {ValType::FuncRef, false}, Val::funcref(seven.to_ref())));
  ASSERT_TRUE(linker.define("env", "g", g));
  instantiate(test::expect_ok(Module::compile(engine, wasm)));
  EXPECT_EQ(slot(0), 7);
  EXPECT_EQ(slot(1), 0);
  ASSERT_TRUE(call("init", {Val::i32(2), Val::i32(0), Val::i32(1)}));
  EXPECT_EQ(slot(2), 7);
}

TEST_F(ElemSegmentsTest, TableInitReadsPastCheckpoints) {
  instantiate(test::load(engine, "elem_segments"));
  for (uint32_t src : {0u, 1u, 31u, 32u, 33u, 35u}) {
    ASSERT_TRUE(call("init_indices", {Val::i32(0), Val::i32(static_cast<int32_t>(src)), Val::i32(5)}));
    for (uint32_t i = 0; i < 5; ++i) EXPECT_EQ(slot(i), index_item(src + i)) << "src " << src << " item " << i;
    ASSERT_TRUE(call("init_exprs", {Val::i32(3), Val::i32(static_cast<int32_t>(src)), Val::i32(5)}));
    for (uint32_t i = 0; i < 5; ++i) EXPECT_EQ(slot(3 + i), expr_item(src + i)) << "src " << src << " item " << i;
  }
}

TEST_F(ElemSegmentsTest, TableInitBoundsAndDrop) {
  instantiate(test::load(engine, "elem_segments"));
  // The last item is in range, one past it is not: the segment holds 40 items.
  EXPECT_TRUE(call("init_indices", {Val::i32(0), Val::i32(39), Val::i32(1)}));
  EXPECT_EQ(slot(0), index_item(39));
  EXPECT_TRUE(call("init_indices", {Val::i32(0), Val::i32(40), Val::i32(0)}));
  auto past = call("init_indices", {Val::i32(0), Val::i32(40), Val::i32(1)});
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().trap()->kind(), TrapKind::OutOfBoundsTableAccess);

  ASSERT_TRUE(call("drop_indices", {}));
  EXPECT_TRUE(call("init_indices", {Val::i32(0), Val::i32(0), Val::i32(0)}));
  auto dropped = call("init_indices", {Val::i32(0), Val::i32(0), Val::i32(1)});
  ASSERT_FALSE(dropped);
  EXPECT_EQ(dropped.error().trap()->kind(), TrapKind::OutOfBoundsTableAccess);
  // The other segment is still there, and a second instance has its own undropped copy.
  EXPECT_TRUE(call("init_exprs", {Val::i32(0), Val::i32(0), Val::i32(1)}));
  Instance second = test::expect_ok(linker.instantiate(store, test::load(engine, "elem_segments")));
  EXPECT_TRUE(second.get_func("init_indices")->call(store, std::vector<Val>{Val::i32(0), Val::i32(0), Val::i32(1)}));
}

}  // namespace
}  // namespace stratus
