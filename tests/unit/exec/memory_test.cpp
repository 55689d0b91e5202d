#include "exec_test_support.hpp"

namespace stratus::exec_test {
namespace {

// Every memory test runs with guard pages and with explicit checks.
class MemoryAccess : public ::testing::TestWithParam<BoundsChecks> {
 protected:
  void SetUp() override { f.instantiate(); }
  static EngineConfig config() {
    EngineConfig c;
    c.bounds_checks = GetParam();
    return c;
  }
  Fixture f{"memory", config()};
};

int32_t one_i32(Result<std::vector<Val>> r) { return Fixture::must(std::move(r)).at(0).i32(); }

void expect_oob(const std::shared_ptr<const Trap>& t) {
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), TrapKind::OutOfBoundsMemoryAccess);
  EXPECT_EQ(t->message(), "out of bounds memory access");
}

TEST_P(MemoryAccess, LoadsAndBounds) {
  EXPECT_EQ(one_i32(f.call("load8", {i32(16)})), 'h');
  EXPECT_EQ(one_i32(f.call("load8", {i32(65535)})), 0);
  expect_oob(f.trap_of("load8", {i32(65536)}));
  expect_oob(f.trap_of("load8", {i32(-1)}));
  EXPECT_EQ(one_i32(f.call("load_off", {i32(0)})), 0);
  expect_oob(f.trap_of("load_off", {i32(1)}));
  expect_oob(f.trap_of("store64", {i32(65529), i64(1)}));
  // Nothing was written by the failed store.
  EXPECT_EQ(one_i32(f.call("load8", {i32(65529)})), 0);
}

TEST_P(MemoryAccess, GrowMakesMemoryReachable) {
  expect_oob(f.trap_of("load8", {i32(70000)}));
  EXPECT_EQ(one_i32(f.call("grow", {i32(1)})), 1);
  EXPECT_EQ(one_i32(f.call("size")), 2);
  EXPECT_EQ(one_i32(f.call("load8", {i32(70000)})), 0);
  EXPECT_EQ(one_i32(f.call("grow", {i32(5)})), -1);
  expect_oob(f.trap_of("load8", {i32(2 * 65536)}));
}

TEST_P(MemoryAccess, BulkOperations) {
  Fixture::must(f.call("fill", {i32(100), i32(7), i32(4)}));
  EXPECT_EQ(one_i32(f.call("load8", {i32(103)})), 7);
  Fixture::must(f.call("fill", {i32(65536), i32(1), i32(0)}));  // zero length at the end: fine
  expect_oob(f.trap_of("fill", {i32(65530), i32(1), i32(7)}));
  EXPECT_EQ(one_i32(f.call("load8", {i32(65530)})), 0);  // checked before writing anything
  Fixture::must(f.call("copy", {i32(200), i32(16), i32(5)}));
  EXPECT_EQ(one_i32(f.call("load8", {i32(204)})), 'o');
  Fixture::must(f.call("init", {i32(300), i32(1), i32(2)}));
  EXPECT_EQ(one_i32(f.call("load8", {i32(300)})), 'b');
  expect_oob(f.trap_of("init", {i32(300), i32(2), i32(2)}));
  Fixture::must(f.call("drop"));
  expect_oob(f.trap_of("init", {i32(300), i32(0), i32(1)}));
  Fixture::must(f.call("init", {i32(300), i32(0), i32(0)}));
}

TEST_P(MemoryAccess, Simd) {
  // bytes 16..23 are "hello\0\0\0": lanes get +1 and +2.
  const int64_t v = Fixture::must(f.call("v128_roundtrip", {i32(16)}))[0].i64();
  EXPECT_EQ(v & 0xFFFFFFFF, int64_t{0x6c6c6568} + 1);
  expect_oob(f.trap_of("v128_roundtrip", {i32(65530)}));
}

TEST_P(MemoryAccess, FusedMultiplyIntoMemory) {
  auto get64 = [&](int32_t a) { return Fixture::must(f.call("get64", {i32(a)})).at(0).f64(); };
  Fixture::must(f.call("set64", {i32(1000), Val::f64(1.5)}));
  Fixture::must(f.call("set64", {i32(2000), Val::f64(4.0)}));
  Fixture::must(f.call("set64", {i32(2008), Val::f64(10.0)}));
  Fixture::must(f.call("axpy", {i32(1000), i32(2000), Val::f64(0.5)}));
  EXPECT_EQ(get64(1000), 3.5);  // 1.5 + 0.5 * 4
  Fixture::must(f.call("axpy_off", {i32(1000), i32(2000), Val::f64(3.0)}));
  EXPECT_EQ(get64(1000), 26.5);  // 10 * 3 - 3.5
  Fixture::must(f.call("set32", {i32(3000), Val::f32(2.0f)}));
  Fixture::must(f.call("set32", {i32(3004), Val::f32(5.0f)}));
  Fixture::must(f.call("axpy32", {i32(3000), i32(3004), Val::f32(3.0f)}));
  EXPECT_EQ(Fixture::must(f.call("get32", {i32(3000)})).at(0).f32(), 13.0f);  // 3 * 5 - 2
  // Either access out of bounds traps, and nothing is written.
  expect_oob(f.trap_of("axpy", {i32(1000), i32(65532), Val::f64(1.0)}));
  expect_oob(f.trap_of("axpy", {i32(65532), i32(2000), Val::f64(1.0)}));
  expect_oob(f.trap_of("axpy_off", {i32(1000), i32(65528), Val::f64(1.0)}));
  expect_oob(f.trap_of("axpy_off", {i32(-4), i32(2000), Val::f64(1.0)}));
  expect_oob(f.trap_of("axpy32", {i32(65534), i32(3004), Val::f32(1.0f)}));
  EXPECT_EQ(get64(1000), 26.5);
}

// A guard-page fault names the faulting instruction as precisely as an explicit check does.
TEST(MemoryFault, BacktraceNamesTheFaultingInstruction) {
  auto offset_of = [](BoundsChecks mode, const std::string& func, std::vector<Val> args) {
    EngineConfig c;
    c.bounds_checks = mode;
    Fixture f("memory", c);
    f.instantiate();
    auto t = f.trap_of(func, std::move(args));
    EXPECT_TRUE(t);
    EXPECT_FALSE(t->backtrace().empty());
    return t && !t->backtrace().empty() ? t->backtrace()[0].code_offset : 0u;
  };
  for (auto [func, args] : {std::pair<std::string, std::vector<Val>>{"load8", {i32(65536)}},
                            {"load_off", {i32(1)}},
                            {"store64", {i32(65529), i64(1)}},
                            {"axpy", {i32(8), i32(65536), Val::f64(1.0)}},
                            {"axpy", {i32(65536), i32(8), Val::f64(1.0)}},
                            {"axpy_off", {i32(8), i32(65530), Val::f64(1.0)}},
                            {"axpy_off", {i32(65530), i32(8), Val::f64(1.0)}}}) {
    const uint32_t explicit_offset = offset_of(BoundsChecks::Explicit, func, args);
    EXPECT_GT(explicit_offset, 0u) << func;
    EXPECT_EQ(offset_of(BoundsChecks::GuardPages, func, args), explicit_offset) << func;
  }
  // The fused multiply-into-memory names whichever of its two loads failed.
  for (auto mode : {BoundsChecks::Explicit, BoundsChecks::GuardPages})
    EXPECT_LT(offset_of(mode, "axpy", {i32(8), i32(65536), Val::f64(1.0)}),
              offset_of(mode, "axpy", {i32(65536), i32(8), Val::f64(1.0)}));
}

// Each invoke has its own recovery point: a fault in wasm the host re-entered traps that
// inner call, and once it returned, a fault in the outer call traps the outer call.
TEST(MemoryFault, ANestedInvokeKeepsItsOwnRecoveryPoint) {
  EngineConfig c;
  c.bounds_checks = BoundsChecks::GuardPages;
  Fixture f("nested_fault", c);
  std::string inner_trap;
  Fixture::must(f.linker.define_func("env", "call_load", FuncType{{ValType::I32}, {ValType::I32}},
                                     [&](Caller& caller, std::span<const Val> p, std::span<Val> r) -> Result<void> {
                                       const Val arg = p[0];
                                       auto loaded = f.instance.get_func("load")->call(caller.store(), std::span<const Val>(&arg, 1));
                                       if (!loaded) {
                                         inner_trap = loaded.error().message();
                                         r[0] = Val::i32(-1);
                                       } else {
                                         r[0] = (*loaded)[0];
                                       }
                                       return {};
                                     }));
  f.instantiate();
  // The inner load faults; the host sees its trap and the outer call finishes.
  EXPECT_EQ(Fixture::must(f.call("outer", {i32(65536), i32(0)}))[0].i32(), -1);
  EXPECT_NE(inner_trap.find("out of bounds"), std::string::npos) << inner_trap;
  // The inner load succeeds; the outer one faults after the inner invoke has returned.
  inner_trap.clear();
  auto t = f.trap_of("outer", {i32(0), i32(65536)});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), TrapKind::OutOfBoundsMemoryAccess);
  EXPECT_TRUE(inner_trap.empty());
  // And the Store stays usable.
  EXPECT_EQ(Fixture::must(f.call("outer", {i32(0), i32(0)}))[0].i32(), 0);
}

INSTANTIATE_TEST_SUITE_P(BothModes, MemoryAccess, ::testing::Values(BoundsChecks::GuardPages, BoundsChecks::Explicit));

}  // namespace
}  // namespace stratus::exec_test
