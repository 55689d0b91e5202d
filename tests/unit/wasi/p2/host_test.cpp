// The WASI 0.2 Host classes behind a component::Linker, driven by p2_probe, a component that
// calls wasi:io, wasi:clocks and wasi:cli directly (component-wat/p2_probe.wat).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "stratus/component/component.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/store.hpp"
#include "stratus/trap.hpp"
#include "wasi/p2/wasi_p2.hpp"

namespace stratus::wasi::p2 {
namespace {

using component::Val;

struct HostTest : ::testing::Test {
  Engine engine;
  int pipe_fds[2] = {-1, -1};
  std::unique_ptr<WasiP2Ctx> ctx;
  std::optional<component::Component> probe;
  std::optional<component::Linker> linker;

  void SetUp() override {
    ASSERT_EQ(::pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK), 0);
    auto compiled = component::Component::from_file(engine, STRATUS_WASI_P2_TEST_WASM_DIR "/p2_probe.wasm");
    ASSERT_TRUE(compiled) << compiled.error().message();
    probe = std::move(*compiled);
    linker.emplace(engine);
    auto added = add_to_linker(*linker);
    ASSERT_TRUE(added) << added.error().message();
  }
  void TearDown() override {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
  }

  void make_ctx(uint32_t max_resources = kDefaultMaxHostObjects) {
    WasiP2Config config;
    config.stdout_fd = pipe_fds[1];
    config.max_resources = max_resources;
    auto created = WasiP2Ctx::create(config);
    ASSERT_TRUE(created) << created.error().message();
    ctx = std::move(*created);
  }

  Result<std::vector<Val>> call(Store& store, const char* name, std::vector<Val> args = {}) {
    store.set_user_data(ctx.get());
    auto instance = linker->instantiate(store, *probe);
    if (!instance) return instance.error();
    auto f = instance->get_func(name);
    if (!f) return Error(ErrorKind::Link, std::string("no export ") + name);
    return f->call(store, args);
  }

  std::string stdout_text() {
    char buf[256];
    ssize_t n = ::read(pipe_fds[0], buf, sizeof buf);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
  }
};

TrapKind trap_of(const Error& e) {
  EXPECT_EQ(e.kind(), ErrorKind::Trap) << e.message();
  return e.trap() ? e.trap()->kind() : TrapKind::Unreachable;
}

TEST_F(HostTest, WritesStdout) {
  make_ctx();
  Store store(engine);
  auto r = call(store, "hello");
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(stdout_text(), "probe says hi\n");
}

TEST_F(HostTest, ExitWithCodeIsAnExitTrapWithTheStatus) {
  make_ctx();
  Store store(engine);
  auto r = call(store, "exit-code", {Val(uint8_t{7})});
  ASSERT_FALSE(r);
  ASSERT_EQ(trap_of(r.error()), TrapKind::Exit);
  EXPECT_EQ(r.error().trap()->exit_code(), 7);
}

TEST_F(HostTest, SleepsOnAMonotonicClockPollable) {
  make_ctx();
  Store store(engine);
  auto r = call(store, "sleep", {Val(uint64_t{20'000'000})});
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_GE(r->at(0).as<uint64_t>(), 20'000'000u);
  EXPECT_LT(r->at(0).as<uint64_t>(), 5'000'000'000u);
}

TEST_F(HostTest, InterruptEndsABlockedPollable) {
  make_ctx();
  Store store(engine);
  std::thread interrupter([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    store.interrupt();
  });
  const auto start = std::chrono::steady_clock::now();
  auto r = call(store, "sleep", {Val(uint64_t{60'000'000'000})});
  interrupter.join();
  ASSERT_FALSE(r);
  EXPECT_EQ(trap_of(r.error()), TrapKind::Interrupt);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(HostTest, DroppingAStreamBeforeItsPollableTraps) {
  make_ctx();
  Store store(engine);
  auto r = call(store, "drop-stream-first");
  ASSERT_FALSE(r);
  EXPECT_EQ(trap_of(r.error()), TrapKind::InvalidResourceHandle);
  EXPECT_NE(r.error().trap()->message().find("output-stream"), std::string::npos);
}

TEST_F(HostTest, LeakingPollablesHitsTheResourceLimit) {
  make_ctx(1000);
  Store store(engine);
  auto r = call(store, "leak", {Val(uint32_t{100'000})});
  ASSERT_FALSE(r);
  EXPECT_EQ(trap_of(r.error()), TrapKind::HostTrap);
  EXPECT_NE(r.error().trap()->message().find("max_resources"), std::string::npos);
  EXPECT_EQ(ctx->table().size(), 1000u);
}

TEST_F(HostTest, AWritePastCheckWriteTraps) {
  make_ctx();
  Store store(engine);
  auto r = call(store, "overwrite");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Trap);
  EXPECT_NE(r.error().message().find("exceeds the"), std::string::npos) << r.error().message();
  EXPECT_EQ(stdout_text(), "");  // and nothing was written
}

}  // namespace
}  // namespace stratus::wasi::p2
