// The interruption check from the inside: the per-env flag is only a hint, so every handler
// that checks must carry on exactly where it was when the flag turns out stale.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

#include "embed/store_impl.hpp"
#include "exec/interp/exec_env.hpp"
#include "exec/invoke.hpp"
#include "exec_test_support.hpp"

namespace stratus::exec_test {
namespace {

uint32_t collatz_steps(uint32_t n) {
  uint32_t steps = 0;
  do {
    n = (n & 1) ? n * 3 + 1 : n >> 1;
    ++steps;
  } while (n > 1);
  return steps;
}

uint32_t squares_below(uint32_t n) {
  uint32_t sum = 0;
  for (uint32_t i = 0; i < n; ++i) sum += i * i;
  return sum;
}

class Interrupt : public ::testing::Test {
 protected:
  void SetUp() override { f.instantiate(); }
  void TearDown() override { exec::set_epoch(env(), nullptr); }  // off `epoch` before it dies

  exec::ExecEnv& env() { return *detail::impl(f.store).env; }
  int32_t call_i32(const std::string& name, std::vector<Val> args) {
    return Fixture::must(f.call(name, std::move(args)))[0].i32();
  }
  // Calls every function of interrupt.wat and checks what each computed.
  void expect_every_kind_of_check_computes() {
    EXPECT_EQ(call_i32("jump_loop", {i32(1000)}), 499500);
    EXPECT_EQ(call_i32("jump_if_loop", {i32(1000)}), 500500);
    EXPECT_EQ(static_cast<uint32_t>(call_i32("branch_imm_loop", {i32(27)})), collatz_steps(27));
    EXPECT_EQ(call_i32("branch_reg_loop", {i32(1071), i32(462)}), 21);
    EXPECT_EQ(call_i32("branch_reg_loop", {i32(100000), i32(7)}), 1);
    EXPECT_EQ(static_cast<uint32_t>(call_i32("counter_loop", {i32(1000)})), squares_below(1000) + 45);
    EXPECT_EQ(call_i32("br_table_loop", {i32(1000)}), 500500);
    EXPECT_EQ(call_i32("fib", {i32(20)}), 6765);
    EXPECT_EQ(call_i32("fib_indirect", {i32(20)}), 6765);
  }

  exec::Epoch epoch;  // declared before `f`: outlives the env that may watch it
  Fixture f{"interrupt"};
};

TEST_F(Interrupt, EveryCheckCarriesOnAfterAFalseAlarm) {
  expect_every_kind_of_check_computes();
  // A bare counter keeps the flag up, so every check takes the slow path and finds the
  // deadline (1) not reached by the counter (0).
  std::atomic<uint64_t> counter{0};
  exec::set_epoch(env(), &counter);
  exec::set_deadline(env(), 1);
  expect_every_kind_of_check_computes();
  EXPECT_NE(env().interrupt_flag.load(), 0u);
  counter.store(1);
  auto t = f.trap_of("jump_loop", {i32(10)});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), TrapKind::Interrupt);
}

TEST_F(Interrupt, AStaleFlagIsLoweredByTheFirstCheck) {
  env().interrupt_flag.store(1);  // nothing is due: the private counter is 0, the deadline never
  EXPECT_EQ(call_i32("jump_loop", {i32(10)}), 45);
  EXPECT_EQ(env().interrupt_flag.load(), 0u);
}

TEST_F(Interrupt, ADeadlineMovedLaterWhileTheFlagIsUpDoesNotTrap) {
  exec::set_epoch(env(), epoch);
  exec::set_deadline(env(), 1);
  EXPECT_EQ(env().interrupt_flag.load(), 0u);
  exec::advance_epoch(epoch);  // reaches the deadline: raises the flag
  EXPECT_NE(env().interrupt_flag.load(), 0u);
  // The window of a racing set_deadline: the deadline has moved, the flag is still up.
  env().deadline.store(100);
  expect_every_kind_of_check_computes();
  EXPECT_EQ(env().interrupt_flag.load(), 0u);
  // Through the API the flag follows the deadline both ways.
  exec::set_deadline(env(), 1);
  EXPECT_NE(env().interrupt_flag.load(), 0u);
  exec::set_deadline(env(), 100);
  EXPECT_EQ(env().interrupt_flag.load(), 0u);
}

TEST_F(Interrupt, AdvancingTheEpochStopsARunningLoop) {
  exec::set_epoch(env(), epoch);
  exec::set_deadline(env(), epoch.now.load() + 3);
  std::atomic<bool> stopped{false};
  std::thread ticker([&] {
    while (!stopped.load()) {
      exec::advance_epoch(epoch);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  auto t = f.trap_of("spin");
  stopped.store(true);
  ticker.join();
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), TrapKind::Interrupt);
}

// False alarms racing with a real interrupt: a check lowering a flag raised by
// request_interrupt would lose it, and this test would never end.
TEST_F(Interrupt, FalseAlarmsDoNotSwallowAnInterrupt) {
  for (int round = 0; round < 20; ++round) {
    exec::set_deadline(env(), UINT64_MAX);
    std::atomic<bool> stopped{false};
    std::thread alarmist([&] {
      while (!stopped.load()) env().interrupt_flag.fetch_or(1);
    });
    std::thread interrupter([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      exec::request_interrupt(env());
    });
    auto t = f.trap_of("spin");
    stopped.store(true);
    alarmist.join();
    interrupter.join();
    ASSERT_TRUE(t);
    EXPECT_EQ(t->kind(), TrapKind::Interrupt);
  }
}

TEST_F(Interrupt, AnEnvWatchesItsEpochOnlyWithAFiniteDeadline) {
  exec::set_epoch(env(), epoch);
  EXPECT_EQ(epoch.watchers, nullptr);
  exec::set_deadline(env(), 5);
  EXPECT_EQ(epoch.watchers, &env());
  exec::set_deadline(env(), 7);  // already listed: listed once
  EXPECT_EQ(env().next_watcher, nullptr);
  exec::set_epoch(env(), nullptr);
  EXPECT_EQ(epoch.watchers, nullptr);
}

}  // namespace
}  // namespace stratus::exec_test
