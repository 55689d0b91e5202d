#include "exec_test_support.hpp"

namespace stratus::exec_test {
namespace {

class HostCalls : public ::testing::Test {
 protected:
  void SetUp() override {
    Fixture::must(f.linker.define_func("env", "add", FuncType{{ValType::I32, ValType::I64}, {ValType::I64}},
                                       [](Caller&, std::span<const Val> p, std::span<Val> r) -> Result<void> {
                                         r[0] = Val::i64(p[0].i32() + p[1].i64());
                                         return {};
                                       }));
    Fixture::must(f.linker.define_func("env", "fail", FuncType{},
                                       [this](Caller&, std::span<const Val>, std::span<Val>) -> Result<void> {
                                         if (exit_instead)
                                           return Error(std::make_shared<Trap>(TrapKind::Exit, "exit", std::vector<Frame>{}, 3));
                                         return Error(ErrorKind::Host, "the host said no");
                                       }));
    Fixture::must(f.linker.define_func("env", "reenter", FuncType{{ValType::I32}, {ValType::I32}},
                                       [this](Caller& caller, std::span<const Val> p, std::span<Val> r) -> Result<void> {
                                         const Val arg = p[0];
                                         auto back = f.instance.get_func("count_down")->call(caller.store(), std::span<const Val>(&arg, 1));
                                         if (!back) return back.error();
                                         r[0] = (*back)[0];
                                         return {};
                                       }));
    // Bound to the Store, so the test can also call it directly, as the host.
    thrower = Func::wrap(f.store, FuncType{}, [](Caller&, std::span<const Val>, std::span<Val>) -> Result<void> {
      throw std::runtime_error("the host gave up");
    });
    Fixture::must(f.linker.define("env", "throw", thrower));
    f.instantiate();
  }
  Fixture f{"host"};
  bool exit_instead = false;
  Func thrower;
};

TEST_F(HostCalls, ArgumentsAndResults) {
  EXPECT_EQ(Fixture::must(f.call("call_add", {i32(-2), i64(1LL << 40)}))[0].i64(), (1LL << 40) - 2);
}

TEST_F(HostCalls, HostErrorsBecomeTraps) {
  auto t = f.trap_of("call_fail");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), TrapKind::HostTrap);
  EXPECT_EQ(t->message(), "the host said no");
  exit_instead = true;
  t = f.trap_of("call_fail");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), TrapKind::Exit);
  EXPECT_EQ(t->exit_code(), 3);
}

// An exception never unwinds through the VM: it is a HostTrap with the exception's message,
// the same whether wasm called the function or the host did, and the Store stays usable.
TEST_F(HostCalls, AThrowingHostFunctionTrapsAlikeFromWasmAndFromTheHost) {
  std::shared_ptr<const Trap> from_wasm = f.trap_of("call_throw");
  ASSERT_TRUE(from_wasm);
  EXPECT_EQ(from_wasm->kind(), TrapKind::HostTrap);
  EXPECT_EQ(from_wasm->message(), "host function threw: the host gave up");
  EXPECT_FALSE(from_wasm->backtrace().empty());  // names the wasm caller

  Result<std::vector<Val>> direct = thrower.call(f.store, {});
  ASSERT_FALSE(direct);
  EXPECT_EQ(direct.error().kind(), ErrorKind::Trap);
  std::shared_ptr<const Trap> from_host = direct.error().trap();
  ASSERT_TRUE(from_host);
  EXPECT_EQ(from_host->kind(), from_wasm->kind());
  EXPECT_EQ(from_host->message(), from_wasm->message());

  EXPECT_EQ(Fixture::must(f.call("call_add", {i32(1), i64(2)}))[0].i64(), 3);
}

TEST_F(HostCalls, ReentryThroughTheHost) {
  EXPECT_EQ(Fixture::must(f.call("count_down", {i32(50)}))[0].i32(), 50);
  // Unbounded re-entry ends in a trap, not a native stack overflow.
  auto t = f.trap_of("count_down", {i32(1000000)});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), TrapKind::CallStackExhausted);
}

// Each host -> wasm re-entry nests a native invoke frame; on a 256 KiB thread stack (and
// under ASan, whose frames are larger) the native-stack check must trap before the guard page.
TEST_F(HostCalls, ReentryOnASmallNativeStack) {
  std::shared_ptr<const Trap> trap;
  run_on_native_stack(256 * 1024, [&] { trap = f.trap_of("count_down", {i32(1000000)}); });
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind(), TrapKind::CallStackExhausted);
  // The store stays usable.
  EXPECT_EQ(Fixture::must(f.call("count_down", {i32(50)}))[0].i32(), 50);
}

}  // namespace
}  // namespace stratus::exec_test
