#include <fcntl.h>
#include <poll.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "stratus/store.hpp"
#include "stratus/trap.hpp"
#include "wasi/clocks.hpp"
#include "wasi/p2/pollable.hpp"
#include "wasi/unique_fd.hpp"

namespace stratus::wasi::p2 {
namespace {

using Clock = std::chrono::steady_clock;

struct Pipe {
  UniqueFd read_end, write_end;
  Pipe() {
    int fds[2];
    EXPECT_EQ(::pipe2(fds, O_CLOEXEC), 0);
    read_end.reset(fds[0]);
    write_end.reset(fds[1]);
  }
};

uint64_t mono_now() { return now_ns(CLOCK_MONOTONIC).value(); }

struct PollTest : ::testing::Test {
  Engine engine;
  Store store{engine};
};

TEST_F(PollTest, ReportsTheReadyOnesInOrder) {
  Pipe p;
  ASSERT_EQ(::write(p.write_end.get(), "x", 1), 1);
  std::vector<PollTarget> targets = {FdReadiness{p.write_end.get(), 0}, MonotonicDeadline{mono_now() + 60'000'000'000},
                                     FdReadiness{p.read_end.get(), POLLIN}, ReadyNow{}, MonotonicDeadline{0}};
  auto ready = poll_targets(store, targets, true);
  ASSERT_TRUE(ready);
  EXPECT_EQ(*ready, (std::vector<uint32_t>{2, 3, 4}));
}

TEST_F(PollTest, WithoutBlockingOnlyLooks) {
  Pipe p;
  std::vector<PollTarget> targets = {FdReadiness{p.read_end.get(), POLLIN}};
  auto ready = poll_targets(store, targets, false);
  ASSERT_TRUE(ready);
  EXPECT_TRUE(ready->empty());
}

TEST_F(PollTest, WaitsForTheNearestDeadline) {
  const auto start = Clock::now();
  std::vector<PollTarget> targets = {MonotonicDeadline{mono_now() + 30'000'000},
                                     MonotonicDeadline{mono_now() + 60'000'000'000}};
  auto ready = poll_targets(store, targets, true);
  ASSERT_TRUE(ready);
  EXPECT_EQ(*ready, std::vector<uint32_t>{0});
  const auto waited = Clock::now() - start;
  EXPECT_GE(waited, std::chrono::milliseconds(29));
  EXPECT_LT(waited, std::chrono::seconds(5));
}

TEST_F(PollTest, WakesWhenAnFdBecomesReady) {
  Pipe p;
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    (void)::write(p.write_end.get(), "x", 1);
  });
  std::vector<PollTarget> targets = {FdReadiness{p.read_end.get(), POLLIN}};
  auto ready = poll_targets(store, targets, true);
  writer.join();
  ASSERT_TRUE(ready);
  EXPECT_EQ(*ready, std::vector<uint32_t>{0});
}

TEST_F(PollTest, AHangUpCountsAsReady) {
  Pipe p;
  p.write_end.reset();
  auto ready = poll_targets(store, std::vector<PollTarget>{FdReadiness{p.read_end.get(), POLLIN}}, true);
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->size(), 1u);
}

TEST_F(PollTest, BlockingOnNothingIsAnError) {
  auto ready = poll_targets(store, {}, true);
  ASSERT_FALSE(ready);
  EXPECT_NE(ready.error().kind(), ErrorKind::Trap);
}

TEST_F(PollTest, InterruptEndsAWaitThatWouldNeverEnd) {
  Pipe p;  // nobody writes
  std::thread interrupter([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    store.interrupt();
  });
  const auto start = Clock::now();
  auto ready = wait_for(store, FdReadiness{p.read_end.get(), POLLIN});
  interrupter.join();
  ASSERT_FALSE(ready);
  ASSERT_EQ(ready.error().kind(), ErrorKind::Trap);
  EXPECT_EQ(ready.error().trap()->kind(), TrapKind::Interrupt);
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
}

TEST_F(PollTest, AnEpochDeadlineEndsASleep) {
  store.set_epoch_deadline(1);
  std::thread ticker([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    engine.increment_epoch();
  });
  auto ready = wait_for(store, MonotonicDeadline{mono_now() + 60'000'000'000});
  ticker.join();
  ASSERT_FALSE(ready);
  ASSERT_EQ(ready.error().kind(), ErrorKind::Trap);
  EXPECT_EQ(ready.error().trap()->kind(), TrapKind::Interrupt);
}

}  // namespace
}  // namespace stratus::wasi::p2
