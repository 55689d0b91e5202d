// Epoch interruption: the ticker, deadlines from max_execution_time, overrides, interrupts.
#include <dirent.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

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

// announced_spin.wat with its "started" import, which raises `started` once the loop is entered.
class AnnouncedSpin {
 public:
  AnnouncedSpin(Store& store, const Module& module) : store_(store) {
    Linker linker(store.engine());
    auto announce = [this](Caller&, std::span<const Val>, std::span<Val>) -> Result<void> {
      started.store(true);
      return {};
    };
    if (!linker.define_func("test", "started", FuncType{}, announce)) throw std::runtime_error("define_func failed");
    instance_ = ok(linker.instantiate(store, module));
  }
  Error spin() {
    auto result = instance_.get_func("spin")->call(store_, {});
    if (result) throw std::runtime_error("spin returned");
    return result.error();
  }
  Result<int32_t> sum(int32_t n) { return instance_.get_func("sum")->typed<int32_t(int32_t)>()->call(store_, n); }
  void wait_until_started() const {
    while (!started.load()) std::this_thread::yield();
  }

  std::atomic<bool> started{false};

 private:
  Store& store_;
  Instance instance_;
};

void expect_stopped_inside_the_loop(const Error& error) {
  expect_interrupt(error);
  ASSERT_TRUE(error.trap());
  EXPECT_FALSE(error.trap()->backtrace().empty()) << "trapped before the call instead of in the loop";
}

TEST(Epochs, InfiniteLoopIsStoppedByMaxExecutionTime) {
  Runtime runtime = ok(test::small_builder().max_execution_time(std::chrono::seconds(1)).build());
  Module module = test::module_of(runtime.compile(wasm_bytes("spin")));
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
  Module module = test::module_of(runtime.compile(wasm_bytes("spin")));
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

TEST(Epochs, IncrementingPastTheDeadlineStopsARunningLoop) {
  EngineConfig config;
  config.epochs.store_deadline_ticks = 3;
  Engine engine = ok(Engine::create(config));  // no ticker: this test moves the epoch
  Module module = ok(Module::compile(engine, wasm_bytes("announced_spin")));
  Store store(engine);
  AnnouncedSpin guest(store, module);
  std::thread incrementer([&] {
    guest.wait_until_started();
    for (int i = 0; i < 3; ++i) engine.increment_epoch();
  });
  Error error = guest.spin();
  incrementer.join();
  expect_stopped_inside_the_loop(error);
}

TEST(Epochs, DeadlineMovedLaterAfterItWasReachedDoesNotTrap) {
  EngineConfig config;
  config.epochs.store_deadline_ticks = 1;
  Engine engine = ok(Engine::create(config));
  Module module = ok(Module::compile(engine, wasm_bytes("announced_spin")));
  Store store(engine);
  AnnouncedSpin guest(store, module);
  engine.increment_epoch();  // the deadline is reached: the Store is flagged
  expect_interrupt(guest.sum(10).error());
  store.set_epoch_deadline(5);
  EXPECT_EQ(ok(guest.sum(1000)), 499500);
  engine.increment_epoch();  // 1 of 5 ticks: still running
  EXPECT_EQ(ok(guest.sum(1000)), 499500);
}

TEST(Epochs, InterruptStopsARunningLoopOfAStoreWithoutDeadline) {
  Engine engine;  // no epochs at all: the Store is on no engine's list
  Module module = ok(Module::compile(engine, wasm_bytes("announced_spin")));
  Store store(engine);
  AnnouncedSpin guest(store, module);
  std::thread interrupter([&] {
    guest.wait_until_started();
    store.interrupt();
  });
  Error error = guest.spin();
  interrupter.join();
  expect_stopped_inside_the_loop(error);
}

// Stores made and dropped on two threads while a 1 ms ticker walks the engine's list of
// Stores with a deadline, raising the flags of those it reached. Some Stores run until the
// ticker stops them, the rest finish a short call (or are stopped, if the deadline came
// first). What counts is that nothing crashes or leaks (run under ASan).
TEST(Epochs, StoresComeAndGoWhileTheTickerRunsFast) {
  EngineConfig config;
  config.epochs.ticker = true;
  config.epochs.tick = std::chrono::milliseconds(1);
  config.epochs.store_deadline_ticks = 3;
  Engine engine = ok(Engine::create(config));
  Module module = ok(Module::compile(engine, wasm_bytes("announced_spin")));
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 1000; ++i) {
        Store store(engine);
        if (i % 3 == 1) store.set_epoch_deadline(UINT64_MAX);  // off the ticker's mind, still listed
        if (i % 3 == 2) store.set_epoch_deadline(1);
        AnnouncedSpin guest(store, module);
        if (i % 3 != 1 && i % 20 == t) {
          Error error = guest.spin();
          if (!error.trap() || error.trap()->kind() != TrapKind::Interrupt) ++wrong;
          continue;
        }
        Result<int32_t> sum = guest.sum(100);
        if (sum ? *sum != 4950 : (!sum.error().trap() || sum.error().trap()->kind() != TrapKind::Interrupt)) ++wrong;
      }
    });
  for (int i = 0; i < 1000; ++i) engine.increment_epoch();  // a second advancer, racing the ticker
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
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
