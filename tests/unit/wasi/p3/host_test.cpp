// WASI 0.3's Host classes behind a component::Linker, driven by p3_probe, a component that
// imports wasi:random, wasi:clocks and wasi:cli @0.3.0 directly (component-wat/p3_probe.wat),
// on the same WasiP2Ctx WASI 0.2 uses; and monotonic-clock's async waits, through p3_wait,
// which lowers them synchronously (component-wat/p3_wait.wat).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "stratus/component/async.hpp"
#include "stratus/component/component.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/store.hpp"
#include "stratus/trap.hpp"
#include "wasi/p2/host_shared.hpp"
#include "wasi/p2/wasi_p2.hpp"
#include "wasi/p3/wasi_p3.hpp"

namespace stratus::wasi::p3 {
namespace {

using component::Val;

struct P3HostTest : ::testing::Test {
  Engine engine;
  std::unique_ptr<p2::WasiP2Ctx> ctx;
  std::optional<component::Component> probe;
  std::optional<component::Linker> linker;

  void SetUp() override {
    auto compiled = component::Component::from_file(engine, STRATUS_WASI_P3_TEST_WASM_DIR "/p3_probe.wasm");
    ASSERT_TRUE(compiled) << compiled.error().message();
    probe = std::move(*compiled);
    linker.emplace(engine);
    auto added = add_to_linker(*linker);
    ASSERT_TRUE(added) << added.error().message();
    p2::WasiP2Config config;
    config.args = {"probe", "a", "xyz"};
    config.env = {"A=1", "B=2"};
    auto created = p2::WasiP2Ctx::create(config);
    ASSERT_TRUE(created) << created.error().message();
    ctx = std::move(*created);
  }

  Result<Val> call(const char* name, std::vector<Val> args = {}) { return call_in(*probe, name, std::move(args)); }

  Result<Val> call_in(const component::Component& component, const char* name, std::vector<Val> args) {
    Store store(engine);
    store.set_user_data(ctx.get());
    auto instance = linker->instantiate(store, component);
    if (!instance) return instance.error();
    auto f = instance->get_func(name);
    if (!f) return Error(ErrorKind::Link, std::string("no export ") + name);
    auto results = f->call(store, args);
    if (!results) return results.error();
    if (results->empty()) return Val(uint32_t{0});
    return (*results)[0];
  }
};

TEST_F(P3HostTest, RandomBytesAreAtMostMaxLenAndBounded) {
  auto sixteen = call("random-bytes-len", {Val(uint64_t{16})});
  ASSERT_TRUE(sixteen) << sixteen.error().message();
  EXPECT_EQ(sixteen->as<uint32_t>(), 16u);
  // 0.3 lets the host give fewer than max-len: a guest naming 2^64-1 gets 1 MiB, not a trap.
  auto huge = call("random-bytes-len", {Val(UINT64_MAX)});
  ASSERT_TRUE(huge) << huge.error().message();
  EXPECT_EQ(huge->as<uint32_t>(), 1u << 20);
  auto none = call("insecure-bytes-len", {Val(uint64_t{0})});
  ASSERT_TRUE(none) << none.error().message();
  EXPECT_EQ(none->as<uint32_t>(), 0u);
  auto some = call("insecure-bytes-len", {Val(uint64_t{13})});
  ASSERT_TRUE(some) << some.error().message();
  EXPECT_EQ(some->as<uint32_t>(), 13u);
}

TEST_F(P3HostTest, RandomU64Varies) {
  auto a = call("random-u64");
  auto b = call("random-u64");
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->as<uint64_t>(), b->as<uint64_t>());
}

TEST_F(P3HostTest, ClocksReadTheHostClocks) {
  auto first = call("mono-now");
  auto second = call("mono-now");
  ASSERT_TRUE(first && second);
  EXPECT_GT(first->as<uint64_t>(), 0u);
  EXPECT_GE(second->as<uint64_t>(), first->as<uint64_t>());
  auto resolution = call("mono-res");
  ASSERT_TRUE(resolution) << resolution.error().message();
  EXPECT_GT(resolution->as<uint64_t>(), 0u);
  // std::time reads the coarse clock, which may lag CLOCK_REALTIME across a second boundary;
  // system_clock reads the clock the host reads.
  const auto wall_seconds = [] {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  };
  const int64_t before = wall_seconds();
  auto seconds = call("system-seconds");
  ASSERT_TRUE(seconds) << seconds.error().message();
  EXPECT_GE(seconds->as<int64_t>(), before);
  EXPECT_LE(seconds->as<int64_t>(), wall_seconds());
}

TEST_F(P3HostTest, ArgumentsAndEnvironmentAreTheContexts) {
  auto shape = call("args-shape");
  ASSERT_TRUE(shape) << shape.error().message();
  EXPECT_EQ(shape->as<uint64_t>() >> 32, 3u);          // probe, a, xyz
  EXPECT_EQ(shape->as<uint64_t>() & 0xffffffffu, 3u);  // the last is "xyz"
  auto env = call("env-count");
  ASSERT_TRUE(env) << env.error().message();
  EXPECT_EQ(env->as<uint32_t>(), 2u);
}

TEST_F(P3HostTest, ExitWithCodeIsAnExitTrapWithTheStatus) {
  auto r = call("exit-code", {Val(uint8_t{7})});
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().kind(), ErrorKind::Trap) << r.error().message();
  ASSERT_NE(r.error().trap(), nullptr);
  EXPECT_EQ(r.error().trap()->kind(), TrapKind::Exit);
  EXPECT_EQ(r.error().trap()->exit_code(), 7);
}

TEST_F(P3HostTest, LivesBesideWasiP2InOneLinker) {
  auto added = p2::add_to_linker(*linker);
  ASSERT_TRUE(added) << added.error().message();
  auto shape = call("args-shape");
  ASSERT_TRUE(shape) << shape.error().message();
}

struct P3WaitTest : P3HostTest {
  std::optional<component::Component> waiter;

  void SetUp() override {
    P3HostTest::SetUp();
    auto compiled = component::Component::from_file(engine, STRATUS_WASI_P3_TEST_WASM_DIR "/p3_wait.wasm");
    ASSERT_TRUE(compiled) << compiled.error().message();
    waiter = std::move(*compiled);
  }

  // The monotonic time after the export's wait.
  Result<uint64_t> wait(const char* name, uint64_t arg) {
    auto r = call_in(*waiter, name, {Val(arg)});
    if (!r) return r.error();
    return r->as<uint64_t>();
  }
  static uint64_t now() { return static_cast<uint64_t>(*p2::read_clock(CLOCK_MONOTONIC, false)); }
};

// A wait ends no earlier than asked: the lower bound is the clock's contract, not a timing.
TEST_F(P3WaitTest, WaitForEndsAfterTheDuration) {
  const uint64_t before = now();
  auto after = wait("wait-for", 20'000'000);
  ASSERT_TRUE(after) << after.error().message();
  EXPECT_GE(*after - before, 20'000'000u);
  EXPECT_TRUE(component::EventLoop::current().idle()) << "the timer is gone with the call";
}

TEST_F(P3WaitTest, WaitUntilEndsAtTheMark) {
  const uint64_t mark = now() + 20'000'000;
  auto after = wait("wait-until", mark);
  ASSERT_TRUE(after) << after.error().message();
  EXPECT_GE(*after, mark);
  EXPECT_TRUE(component::EventLoop::current().idle());
}

TEST_F(P3WaitTest, WaitsAlreadyDueEndAtOnce) {
  // A mark of 0 and a duration of 0 are due: the call resolves without arming a timer
  // (a timerfd armed with 0 would never fire).
  auto past = wait("wait-until", 0);
  ASSERT_TRUE(past) << past.error().message();
  auto zero = wait("wait-for", 0);
  ASSERT_TRUE(zero) << zero.error().message();
  EXPECT_TRUE(component::EventLoop::current().idle());
}

}  // namespace
}  // namespace stratus::wasi::p3
