#include <gtest/gtest.h>

#include "stratus/stratus.hpp"
#include "test_support.hpp"

namespace stratus {
namespace {

class ExternApiTest : public ::testing::Test {
 protected:
  Engine engine;
  Store store{engine};
};

TEST_F(ExternApiTest, GlobalGetSetAndErrors) {
  Global g = test::expect_ok(Global::create(store, {ValType::F64, true}, Val::f64(1.5)));
  EXPECT_EQ(g.type(), (GlobalType{ValType::F64, true}));
  EXPECT_EQ(g.get(), Val::f64(1.5));
  ASSERT_TRUE(g.set(Val::f64(-0.0)));
  EXPECT_EQ(g.get(), Val::f64(-0.0));
  auto wrong = g.set(Val::i32(1));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message(), "Global::set: global of type f64 cannot hold a value of type i32");

  Global constant = test::expect_ok(Global::create(store, {ValType::I64, false}, Val::i64(3)));
  auto immutable = constant.set(Val::i64(4));
  ASSERT_FALSE(immutable);
  EXPECT_EQ(immutable.error().message(), "Global::set: the global is immutable");
  EXPECT_EQ(constant.get(), Val::i64(3));

  auto bad = Global::create(store, {ValType::I32, false}, Val::i64(0));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message(), "Global::create: global of type i32 cannot hold a value of type i64");
}

TEST_F(ExternApiTest, V128AndRefGlobals) {
  V128 v;
  for (int i = 0; i < 16; ++i) v.bytes[i] = static_cast<uint8_t>(i);
  Global g = test::expect_ok(Global::create(store, {ValType::V128, true}, Val::v128(v)));
  EXPECT_EQ(g.get().v128(), v);
  int host_object = 0;
  Global r = test::expect_ok(Global::create(store, {ValType::ExternRef, true}, Val::externref(Ref{&host_object})));
  EXPECT_EQ(r.get().ref().ptr, &host_object);
  ASSERT_TRUE(r.set(Val::null_of(ValType::ExternRef)));
  EXPECT_TRUE(r.get().ref().is_null());
}

TEST_F(ExternApiTest, TableGetSetGrow) {
  int a = 0, b = 0;
  Table t = test::expect_ok(Table::create(store, {ValType::ExternRef, {2, 4}}, Ref{&a}));
  EXPECT_EQ(t.size(), 2u);
  EXPECT_EQ(t.get(1)->ptr, &a);
  ASSERT_TRUE(t.set(0, Ref{&b}));
  EXPECT_EQ(t.get(0)->ptr, &b);
  auto oob = t.get(2);
  ASSERT_FALSE(oob);
  EXPECT_EQ(oob.error().kind(), ErrorKind::Trap);
  EXPECT_EQ(oob.error().message(), "out of bounds table access (index 2, table size 2)");
  EXPECT_FALSE(t.set(5, Ref{}));

  EXPECT_EQ(*t.grow(2), 2u);
  EXPECT_EQ(t.size(), 4u);
  EXPECT_EQ(t.type().limits.min, 4u);
  EXPECT_TRUE(t.get(3)->is_null());
  auto over = t.grow(1);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().kind(), ErrorKind::Resource);
  EXPECT_EQ(over.error().message(), "cannot grow table of 4 elements by 1: its maximum is 4");
}

TEST_F(ExternApiTest, BadTableAndMemoryTypes) {
  auto t = Table::create(store, {ValType::I32, {1, std::nullopt}});
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().message(), "table element type i32 is not a reference type");
  auto limits = Table::create(store, {ValType::FuncRef, {3, 2}});
  ASSERT_FALSE(limits);
  EXPECT_EQ(limits.error().message(), "table limits {min 3, max 2}: minimum is larger than the maximum");
  auto m = Memory::create(store, {{70000, std::nullopt}});
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message(), "memory limits {min 70000}: a memory has at most 65536 pages (4 GiB)");
  auto huge = Table::create(store, {ValType::FuncRef, {4000000000, std::nullopt}});
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().kind(), ErrorKind::Resource);
}

TEST_F(ExternApiTest, MemoryFromTheHost) {
  Memory m = test::expect_ok(Memory::create(store, {{1, 2}}));
  EXPECT_EQ(m.pages(), 1u);
  EXPECT_EQ(m.span().size(), kPageSize);
  m.data()[kPageSize - 1] = 0xAB;
  EXPECT_EQ(*m.grow(1), 1u);
  EXPECT_EQ(m.pages(), 2u);
  EXPECT_EQ(m.type().limits, (Limits{2, 2}));
  EXPECT_EQ(m.data()[kPageSize - 1], 0xAB);
  EXPECT_EQ(m.data()[2 * kPageSize - 1], 0);
  auto over = m.grow(1);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().kind(), ErrorKind::Resource);
  EXPECT_EQ(over.error().message(), "cannot grow memory of 2 pages by 1 pages: its maximum is 2 pages");
  EXPECT_EQ(*m.grow(0), 2u);
}

}  // namespace
}  // namespace stratus
