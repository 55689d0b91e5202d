// Epoch interruption: the ticker, deadlines from max_execution_time, overrides, interrupts.
#include <dirent.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "support.hpp"

namespace stratus {
namespace {

using test::ok;
using test::wasm_bytes;
using Clock = std::chrono::steady_clock;

int thread_count() {
  int count = 0;
  if (DIR* dir = opendir("/proc/self/task")) {
    while (dirent* entry = readdir(dir))
      if (entry->d_name[0] != '.') ++count;
    closedir(dir);
  }
  return count;
}

Error spin(Store& store, const Module& module) {
  Instance instance = ok(Linker(store.engine()).instantiate(store, module));
  auto result = instance.get_func("spin")->call(store, {});
  if (result) throw std::runtime_error("spin returned");
  return result.error();
}

void expect_interrupt(const Error& error) {
  ASSERT_EQ(error.kind(), ErrorKind::Trap) << error.message();
  ASSERT_TRUE(error.trap());
  EXPECT_EQ(error.trap()->kind(), TrapKind::Interrupt);
}

TEST(Epochs, InfiniteLoopIsStoppedByMaxExecutionTime) {
  Runtime runtime = ok(test::small_builder().max_execution_time(std::chrono::seconds(1)).build());
  Module module = ok(runtime.compile(wasm_bytes("spin")));
  Store store(runtime.engine());
  const auto start = Clock::now();
  Error error = spin(store, module);
  const auto elapsed = Clock::now() - start;
  expect_interrupt(error);
  EXPECT_NE(error.message().find("max_execution_time of 1 s"), std::string::npos) << error.message();
  EXPECT_LT(elapsed, std::chrono::milliseconds(2500));  // the bound: the limit plus one tick
}

TEST(Epochs, InterruptFromAnotherThreadStopsAtOnce) {
  Runtime runtime = ok(test::small_builder().build());  // 10 minutes: only interrupt() can stop it
  Module module = ok(runtime.compile(wasm_bytes("spin")));
  Store store(runtime.engine());
  std::thread interrupter([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    store.interrupt();
  });
  Error error = spin(store, module);
  interrupter.join();
  expect_interrupt(error);
  EXPECT_EQ(error.message().find("max_execution_time"), std::string::npos) << error.message();
  // Still interrupted until a new deadline is set.
  Instance instance = ok(Linker(runtime.engine()).instantiate(store, module));
  EXPECT_FALSE(instance.get_func("spin")->call(store, {}).ok());
}

TEST(Epochs, StoreDeadlineFollowsTheEngineAndCanBeOverridden) {
  EngineConfig config;
  config.epochs.store_deadline_ticks = 5;
  Engine engine = ok(Engine::create(config));  // no ticker: the test drives the epoch
  engine.increment_epoch();
  engine.increment_epoch();
  Store store(engine);
  EXPECT_EQ(store.epoch_deadline(), engine.current_epoch() + 5);
  store.set_epoch_deadline(1);
  EXPECT_EQ(store.epoch_deadline(), engine.current_epoch() + 1);

  Module module = ok(Module::compile(engine, wasm_bytes("spin")));
  std::thread ticker([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    engine.increment_epoch();
  });
  Error error = spin(store, module);
  ticker.join();
  expect_interrupt(error);
  EXPECT_EQ(error.message().find("max_execution_time"), std::string::npos);  // overridden, not the default limit

  Store unlimited(Engine{});  // engines from the plain constructor never interrupt by themselves
  EXPECT_EQ(unlimited.epoch_deadline(), UINT64_MAX);
}

TEST(Epochs, TickerThreadEndsWithTheEngine) {
  const int before = thread_count();
  std::optional<Engine> kept;
  {
    Runtime runtime = ok(test::small_builder().build());
    EXPECT_EQ(thread_count(), before + 1);
    kept = runtime.engine();
  }
  // The engine outlives the Runtime handle, and so does its ticker.
  EXPECT_EQ(thread_count(), before + 1);
  const uint64_t start = kept->current_epoch();
  const auto give_up = Clock::now() + std::chrono::seconds(10);
  while (kept->current_epoch() == start && Clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_GT(kept->current_epoch(), start);
  kept.reset();  // the last handle: the ticker is joined before this returns
  EXPECT_EQ(thread_count(), before);
}

TEST(Epochs, ManyRuntimesLeaveNoThreads) {
  const int before = thread_count();
  for (int i = 0; i < 20; ++i) {
    Runtime runtime = ok(test::small_builder().build());
    Store store(runtime.engine());  // a Store keeps the engine alive until it goes, first
  }
  EXPECT_EQ(thread_count(), before);
}

}  // namespace
}  // namespace stratus
