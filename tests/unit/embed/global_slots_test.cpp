// An instance keeps its globals in slots: a defined scalar's value in its own, an import's
// and a v128's behind a pointer. Whichever way in (wasm code, the exporter's or importer's
// handles), a global is one value.
#include <gtest/gtest.h>

#include <cstring>

#include "stratus/stratus.hpp"
#include "test_support.hpp"

namespace stratus {
namespace {

V128 lanes(int32_t a, int32_t b, int32_t c, int32_t d) {
  V128 v;
  const int32_t l[4] = {a, b, c, d};
  std::memcpy(v.bytes, l, sizeof l);
  return v;
}

int32_t call_i32(Store& store, const Instance& inst, const char* name, std::vector<Val> args = {}) {
  auto results = test::expect_ok(inst.get_func(name)->call(store, args));
  return results.at(0).i32();
}

class GlobalSlotsTest : public ::testing::Test {
 protected:
  Engine engine;
  Store store{engine};
  Instance exporter = test::expect_ok(Linker(engine).instantiate(store, test::load(engine, "globals_exporter")));
};

TEST_F(GlobalSlotsTest, DefinedGlobalsAreOneValueForCodeAndHandles) {
  Global counter = *exporter.get_global("counter");
  EXPECT_EQ(counter.type(), (GlobalType{ValType::I32, true}));
  EXPECT_EQ(counter.get(), Val::i32(10));
  EXPECT_EQ(call_i32(store, exporter, "bump"), 17);
  EXPECT_EQ(counter.get(), Val::i32(17));
  ASSERT_TRUE(counter.set(Val::i32(100)));
  EXPECT_EQ(call_i32(store, exporter, "bump"), 107);
  EXPECT_EQ(exporter.get_global("wide")->get(), Val::i64(-20));
  EXPECT_EQ(exporter.get_global("fixed")->get(), Val::i32(7));
  EXPECT_FALSE(exporter.get_global("fixed")->set(Val::i32(8)));
  // Asking again gives the same record, not a new one per call.
  EXPECT_EQ(exporter.get_global("counter")->raw(), counter.raw());
}

TEST_F(GlobalSlotsTest, AV128GlobalIsReadAndWrittenWhole) {
  Global vec = *exporter.get_global("vec");
  EXPECT_EQ(vec.get(), Val::v128(lanes(1, 2, 3, 4)));
  EXPECT_EQ(call_i32(store, exporter, "vec_lanes"), 5);
  ASSERT_TRUE(exporter.get_func("double_vec")->call(store, std::vector<Val>{}));
  EXPECT_EQ(vec.get(), Val::v128(lanes(2, 4, 6, 8)));
  ASSERT_TRUE(vec.set(Val::v128(lanes(-1, 0, 0, 41))));
  EXPECT_EQ(call_i32(store, exporter, "vec_lanes"), 40);
}

TEST_F(GlobalSlotsTest, AnImportSharesTheExportersValue) {
  Linker linker(engine);
  ASSERT_TRUE(linker.define_instance("exp", exporter));
  Instance importer = test::expect_ok(linker.instantiate(store, test::load(engine, "globals_importer")));

  ASSERT_TRUE(importer.get_func("set_counter")->call(store, std::vector<Val>{Val::i32(30)}));
  EXPECT_EQ(exporter.get_global("counter")->get(), Val::i32(30));
  EXPECT_EQ(call_i32(store, exporter, "bump"), 37);
  EXPECT_EQ(call_i32(store, importer, "counter"), 37);

  ASSERT_TRUE(importer.get_func("set_vec_lane0")->call(store, std::vector<Val>{Val::i32(9)}));
  EXPECT_EQ(exporter.get_global("vec")->get(), Val::v128(lanes(9, 2, 3, 4)));
  ASSERT_TRUE(exporter.get_func("double_vec")->call(store, std::vector<Val>{}));
  EXPECT_EQ(call_i32(store, importer, "vec_lane0"), 18);

  // Exported again, an import is the handle it was imported as.
  EXPECT_EQ(importer.get_global("counter_again")->raw(), exporter.get_global("counter")->raw());
  EXPECT_EQ(importer.get_global("vec_again")->raw(), exporter.get_global("vec")->raw());
}

TEST_F(GlobalSlotsTest, AHostGlobalImportedIsSharedToo) {
  Global counter = test::expect_ok(Global::create(store, {ValType::I32, true}, Val::i32(1)));
  Global vec = test::expect_ok(Global::create(store, {ValType::V128, true}, Val::v128(lanes(5, 6, 7, 8))));
  Linker linker(engine);
  ASSERT_TRUE(linker.define("exp", "counter", counter));
  ASSERT_TRUE(linker.define("exp", "vec", vec));
  Instance importer = test::expect_ok(linker.instantiate(store, test::load(engine, "globals_importer")));
  EXPECT_EQ(call_i32(store, importer, "counter"), 1);
  ASSERT_TRUE(counter.set(Val::i32(2)));
  EXPECT_EQ(call_i32(store, importer, "counter"), 2);
  ASSERT_TRUE(importer.get_func("set_vec_lane0")->call(store, std::vector<Val>{Val::i32(50)}));
  EXPECT_EQ(vec.get(), Val::v128(lanes(50, 6, 7, 8)));
  EXPECT_EQ(importer.get_global("counter_again")->raw(), counter.raw());
}

TEST_F(GlobalSlotsTest, AGlobalOfAnotherStoreDoesNotLink) {
  Store other(engine);
  Linker linker(engine);
  ASSERT_TRUE(linker.define_instance("exp", exporter));
  auto r = linker.instantiate(other, test::load(engine, "globals_importer"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("different Store"), std::string::npos) << r.error().message();
}

}  // namespace
}  // namespace stratus
