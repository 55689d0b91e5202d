#include <atomic>
#include <chrono>
#include <thread>

#include "embed/store_impl.hpp"
#include "exec/invoke.hpp"
#include "exec/interp/exec_env.hpp"
#include "exec_test_support.hpp"

namespace stratus::exec_test {
namespace {

class Control : public ::testing::Test {
 protected:
  void SetUp() override { f.instantiate(); }
  Fixture f{"control"};
};

std::vector<Val> values(Result<std::vector<Val>> r) { return Fixture::must(std::move(r)); }

TEST_F(Control, LoopsAndFusedBranches) {
  EXPECT_EQ(values(f.call("sum", {i32(100)}))[0].i32(), 5050);
  EXPECT_EQ(values(f.call("sum", {i32(0)}))[0].i32(), 0);
  EXPECT_EQ(values(f.call("fib_iter", {i32(90)}))[0].i64(), 2880067194370816120);
  EXPECT_EQ(values(f.call("fac", {i64(20)}))[0].i64(), 2432902008176640000);
}

TEST_F(Control, MultiValue) {
  auto taken = values(f.call("multi_block", {i32(1)}));
  EXPECT_EQ(taken[0].i32(), 7);
  EXPECT_EQ(taken[1].i32(), 8);
  auto fallthrough = values(f.call("multi_block", {i32(0)}));
  EXPECT_EQ(fallthrough[0].i32(), 1);
  EXPECT_EQ(fallthrough[1].i32(), 2);
  auto swapped = values(f.call("block_params", {i32(3), i32(4)}));
  EXPECT_EQ(swapped[0].i32(), 4);
  EXPECT_EQ(swapped[1].i32(), 3);
  EXPECT_EQ(values(f.call("if_params", {i32(10), i32(3), i32(1)}))[0].i32(), 7);
  EXPECT_EQ(values(f.call("if_params", {i32(10), i32(3), i32(0)}))[0].i32(), 13);
  auto ret = values(f.call("ret_swap", {i32(1), i32(2)}));
  EXPECT_EQ(ret[0].i32(), 2);
  EXPECT_EQ(ret[1].i32(), 1);
}

TEST_F(Control, ConstantConditions) {
  EXPECT_EQ(values(f.call("if_const_true", {i32(5)}))[0].i32(), 5);
  EXPECT_EQ(values(f.call("if_const_false", {i32(6)}))[0].i32(), 6);
  EXPECT_EQ(values(f.call("if_const_params", {i32(10), i32(3)}))[0].i32(), 7);
  EXPECT_EQ(values(f.call("if_const_branch_out", {i32(8)}))[0].i32(), 8);
  EXPECT_EQ(values(f.call("if_const_no_else", {i32(9)}))[0].i32(), 9);
}

TEST_F(Control, BrTableWithValues) {
  EXPECT_EQ(values(f.call("switch", {i32(0)}))[0].i32(), 100);
  EXPECT_EQ(values(f.call("switch", {i32(1)}))[0].i32(), 110);
  EXPECT_EQ(values(f.call("switch", {i32(2)}))[0].i32(), 111);
  EXPECT_EQ(values(f.call("switch", {i32(-1)}))[0].i32(), 111);
}

TEST_F(Control, DeepRecursionExhaustsTheCallStack) {
  auto t = f.trap_of("deep", {i32(0)});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), TrapKind::CallStackExhausted);
  EXPECT_EQ(t->message(), "call stack exhausted");
  ASSERT_FALSE(t->backtrace().empty());
  EXPECT_EQ(t->backtrace()[0].func_name, "deep");
  // The store stays usable afterwards.
  EXPECT_EQ(values(f.call("sum", {i32(10)}))[0].i32(), 55);
}

TEST_F(Control, DefaultStackIsDeeperThanV8s) {
  auto t = f.trap_of("measure_depth", {i32(1)});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), TrapKind::CallStackExhausted);
  const int32_t reached = values(f.call("reached", {}))[0].i32();
  EXPECT_GE(reached, 19'500);  // node (V8) reaches about 18,000 to 19,500 frames of this shape
  // A trap keeps the 50 innermost and the 50 outermost frames and counts the rest.
  ASSERT_EQ(t->backtrace().size(), 2 * kPrintedBacktraceFrames);
  EXPECT_EQ(t->omitted_frames().index, kPrintedBacktraceFrames);
  EXPECT_EQ(t->omitted_frames().count, static_cast<uint64_t>(reached) - 2 * kPrintedBacktraceFrames);
  EXPECT_EQ(t->backtrace().front().func_name, "measure");
  EXPECT_EQ(t->backtrace().back().func_name, "measure");
  EXPECT_NE(t->backtrace().back().code_offset, 0u);
}

TEST_F(Control, DeepRecursionOnASmallNativeStack) {
  std::shared_ptr<const Trap> trap;
  run_on_native_stack(128 * 1024, [&] { trap = f.trap_of("deep", {i32(0)}); });
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->message(), "call stack exhausted");
}

TEST_F(Control, SmallValueStackAlsoExhausts) {
  EngineConfig config;
  config.max_wasm_stack = 4096;
  config.max_call_depth = 1000000;
  Fixture small("control", config);
  small.instantiate();
  auto t = small.trap_of("deep", {i32(0)});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), TrapKind::CallStackExhausted);
}

// The Engine constructor cannot refuse settings; out-of-range ones are clamped, and the
// sizes derived from them (cells, records + 2, their bytes) must not wrap.
// Engine::create refuses these settings (below); the VM clamps them too, so that no caller of
// make_exec_env can wrap the stack's size or the depth count.
TEST(ExecEnvSettings, ExtremeStackSettingsAreClampedNotWrapped) {
  auto huge = exec::make_exec_env(nullptr, SIZE_MAX, UINT32_MAX);
  EXPECT_EQ(huge->stack_cells, kMaxWasmStack / sizeof(uint64_t));
  EXPECT_EQ(huge->max_call_depth, kMaxCallDepth);
  auto tiny = exec::make_exec_env(nullptr, 0, 0);
  EXPECT_EQ(tiny->stack_cells, kMinWasmStack / sizeof(uint64_t));
  EXPECT_EQ(tiny->max_call_depth, 1u);
}

TEST(EngineCreate, RefusesStackSettingsOutOfRange) {
  const auto refused = [](EngineConfig config) {
    auto engine = Engine::create(config);
    return !engine && engine.error().kind() == ErrorKind::Config;
  };
  EXPECT_TRUE(refused(EngineConfig{.max_wasm_stack = 0}));
  EXPECT_TRUE(refused(EngineConfig{.max_wasm_stack = kMinWasmStack - 1}));
  EXPECT_TRUE(refused(EngineConfig{.max_wasm_stack = kMaxWasmStack + 1}));
  EXPECT_TRUE(refused(EngineConfig{.max_wasm_stack = SIZE_MAX}));
  EXPECT_TRUE(refused(EngineConfig{.max_call_depth = 0}));
  EXPECT_TRUE(refused(EngineConfig{.max_call_depth = UINT32_MAX}));
  EXPECT_FALSE(refused(EngineConfig{.max_wasm_stack = kMinWasmStack, .max_call_depth = 1}));
  EXPECT_FALSE(refused(EngineConfig{.max_wasm_stack = kMaxWasmStack, .max_call_depth = kMaxCallDepth}));
  EngineConfig slow_ticks;
  slow_ticks.epochs.ticker = true;
  slow_ticks.epochs.tick = std::chrono::milliseconds::max();  // would overflow the ticker's wait
  EXPECT_TRUE(refused(slow_ticks));
  auto message = Engine::create(EngineConfig{.max_wasm_stack = 100}).error().message();
  EXPECT_NE(message.find("max_wasm_stack"), std::string::npos) << message;
}

TEST_F(Control, InterruptFromAnotherThread) {
  exec::ExecEnv& env = *detail::impl(f.store).env;
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    exec::request_interrupt(env);
  });
  auto t = f.trap_of("spin");
  stopper.join();
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), TrapKind::Interrupt);
  EXPECT_EQ(t->message(), "interrupted: execution time limit reached");
}

TEST_F(Control, EpochDeadline) {
  exec::ExecEnv& env = *detail::impl(f.store).env;
  std::atomic<uint64_t> epoch{0};
  exec::set_epoch(env, &epoch);
  exec::set_deadline(env, 1);
  EXPECT_EQ(values(f.call("sum", {i32(1000)}))[0].i32(), 500500);  // below the deadline: runs
  epoch.store(1);
  auto t = f.trap_of("sum", {i32(1000)});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), TrapKind::Interrupt);
  exec::set_deadline(env, UINT64_MAX);
  exec::set_epoch(env, nullptr);
  EXPECT_EQ(values(f.call("sum", {i32(3)}))[0].i32(), 6);
}

}  // namespace
}  // namespace stratus::exec_test
