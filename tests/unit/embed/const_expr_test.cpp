// Wasm 3.0's extended constant expressions evaluated at instantiation: globals that add to
// an imported base, segment offsets computed from globals, and wrapping arithmetic.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <vector>

#include "stratus/stratus.hpp"
#include "test_support.hpp"

namespace stratus {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes section(uint8_t id, std::initializer_list<Bytes> parts) {
  Bytes content;
  for (const Bytes& p : parts) content.insert(content.end(), p.begin(), p.end());
  Bytes out{id, static_cast<uint8_t>(content.size())};  // every section here is under 128 bytes
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

// (import "env" "base" (global i32)) (import "env" "big" (global i64))
// (global $a (export "a") i32 (i32.add (global.get $base) (i32.const 16)))
// (global (export "b") i32 (i32.sub (i32.mul (global.get $a) (i32.const 2)) (i32.const 1)))
// (global (export "c") i32 (i32.add (i32.const 0x7fffffff) (i32.const 1)))
// (global (export "d") i64 (i64.mul (global.get $big) (i64.const 0x4000000000000000)))
// (global (export "e") i64 (i64.sub (i64.const 0) (i64.const 1)))
// (table (export "table") 4 funcref) (memory (export "mem") 1) (func)
// (elem (i32.sub (i32.const 3) (i32.const 1)) func 0)
// (data (i32.add (global.get $base) (i32.const 3)) "hi")
Bytes extended_const_module() {
  const Bytes header = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  const Bytes types = section(1, {{0x01, 0x60, 0x00, 0x00}});
  const Bytes imports = section(2, {{0x02, 0x03, 'e', 'n', 'v', 0x04, 'b', 'a', 's', 'e', 0x03, 0x7F, 0x00},
                                    {0x03, 'e', 'n', 'v', 0x03, 'b', 'i', 'g', 0x03, 0x7E, 0x00}});
  const Bytes funcs = section(3, {{0x01, 0x00}});
  const Bytes tables = section(4, {{0x01, 0x70, 0x00, 0x04}});
  const Bytes memories = section(5, {{0x01, 0x00, 0x01}});
  const Bytes globals = section(6, {{0x05},
                                    {0x7F, 0x00, 0x23, 0x00, 0x41, 0x10, 0x6A, 0x0B},
                                    {0x7F, 0x00, 0x23, 0x02, 0x41, 0x02, 0x6C, 0x41, 0x01, 0x6B, 0x0B},
                                    {0x7F, 0x00, 0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x41, 0x01, 0x6A, 0x0B},
                                    {0x7E, 0x00, 0x23, 0x01, 0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                     0xC0, 0x00, 0x7E, 0x0B},
                                    {0x7E, 0x00, 0x42, 0x00, 0x42, 0x01, 0x7D, 0x0B}});
  const Bytes exports = section(7, {{0x07},
                                    {0x01, 'a', 0x03, 0x02},
                                    {0x01, 'b', 0x03, 0x03},
                                    {0x01, 'c', 0x03, 0x04},
                                    {0x01, 'd', 0x03, 0x05},
                                    {0x01, 'e', 0x03, 0x06},
                                    {0x05, 't', 'a', 'b', 'l', 'e', 0x01, 0x00},
                                    {0x03, 'm', 'e', 'm', 0x02, 0x00}});
  const Bytes elems = section(9, {{0x01, 0x00, 0x41, 0x03, 0x41, 0x01, 0x6B, 0x0B, 0x01, 0x00}});
  const Bytes code = section(10, {{0x01, 0x02, 0x00, 0x0B}});
  const Bytes data = section(11, {{0x01, 0x00, 0x23, 0x00, 0x41, 0x03, 0x6A, 0x0B, 0x02, 'h', 'i'}});
  Bytes out;
  for (const Bytes* part : {&header, &types, &imports, &funcs, &tables, &memories, &globals, &exports, &elems, &code, &data})
    out.insert(out.end(), part->begin(), part->end());
  return out;
}

class ExtendedConstTest : public ::testing::Test {
 protected:
  Instance instantiate(int32_t base, int64_t big) {
    EXPECT_TRUE(linker.define("env", "base", test::expect_ok(Global::create(store, {ValType::I32, false}, Val::i32(base)))));
    EXPECT_TRUE(linker.define("env", "big", test::expect_ok(Global::create(store, {ValType::I64, false}, Val::i64(big)))));
    const Module module = test::expect_ok(Module::compile(engine, extended_const_module()));
    return test::expect_ok(linker.instantiate(store, module));
  }

  Engine engine;
  Store store{engine};
  Linker linker{engine};
};

TEST_F(ExtendedConstTest, GlobalsReadImportsAndEarlierGlobals) {
  const Instance inst = instantiate(100, 7);
  EXPECT_EQ(inst.get_global("a")->get(), Val::i32(116));
  EXPECT_EQ(inst.get_global("b")->get(), Val::i32(231));
}

TEST_F(ExtendedConstTest, ArithmeticWraps) {
  const Instance inst = instantiate(0, 7);
  EXPECT_EQ(inst.get_global("c")->get(), Val::i32(INT32_MIN));
  EXPECT_EQ(inst.get_global("d")->get(), Val::i64(static_cast<int64_t>(0xC000000000000000u)));  // 7 * 2^62 mod 2^64
  EXPECT_EQ(inst.get_global("e")->get(), Val::i64(-1));
}

TEST_F(ExtendedConstTest, SegmentOffsetsAreComputed) {
  const Instance inst = instantiate(100, 0);
  const Memory mem = *inst.get_memory("mem");
  EXPECT_EQ(std::memcmp(mem.data() + 103, "hi", 2), 0);
  EXPECT_EQ(mem.data()[102], 0);
  const Table table = *inst.get_table("table");
  EXPECT_TRUE(table.get(1)->is_null());
  EXPECT_FALSE(table.get(2)->is_null());
  EXPECT_TRUE(table.get(3)->is_null());
}

TEST_F(ExtendedConstTest, AComputedOffsetOutOfBoundsTraps) {
  EXPECT_TRUE(linker.define("env", "base", test::expect_ok(Global::create(store, {ValType::I32, false}, Val::i32(65533)))));
  EXPECT_TRUE(linker.define("env", "big", test::expect_ok(Global::create(store, {ValType::I64, false}, Val::i64(0)))));
  const Module module = test::expect_ok(Module::compile(engine, extended_const_module()));
  auto r = linker.instantiate(store, module);  // "hi" at 65536
  ASSERT_FALSE(r);
  ASSERT_TRUE(r.error().trap());
  EXPECT_EQ(r.error().trap()->kind(), TrapKind::OutOfBoundsMemoryAccess);
}

}  // namespace
}  // namespace stratus
