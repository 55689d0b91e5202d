// Backpressure (component-wat/backpressure.wat): backpressure.inc/dec's counter and its traps,
// and async-typed calls (stackful, callback and sync lifts) waiting to enter while it is on,
// while calls of functions whose type is not async go in.
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "component_wasm.hpp"
#include "stratus/component/component.hpp"
#include "stratus/component/func.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/component/typed_func.hpp"
#include "stratus/store.hpp"
#include "stratus/trap.hpp"

namespace stratus::component {
namespace {

struct Backpressure : test::ComponentFixture {
  Backpressure() : ComponentFixture("backpressure.wasm") {}

  void call_ok(const std::string& name, std::vector<Val> args = {}) {
    auto r = call(name, std::move(args));
    EXPECT_TRUE(r) << name << ": " << r.error().message();
  }

  std::optional<StartedCall> start(const std::string& name) {
    auto started = func(name).start(*store, {});
    EXPECT_TRUE(started) << name << ": " << started.error().message();
    if (!started) return std::nullopt;
    return *started;
  }
};

TEST_F(Backpressure, AStartedCallWaitsUntilBackpressureIsOff) {
  call_ok("inc");
  auto work = start("work");
  ASSERT_TRUE(work);
  EXPECT_FALSE(work->done());
  EXPECT_EQ(parked_task_count(), 1u);
  // `log` is not async-typed: it goes in while backpressure is on, and `work` has not started.
  EXPECT_EQ(call_u32("log"), 0u);
  call_ok("inc");
  call_ok("dec");
  call_ok("dec");
  auto r = work->wait();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ((*r)[0].as<uint32_t>(), 7u);
  EXPECT_EQ(call_u32("log"), 2u);
}

// `hold` raises backpressure and yields; each kind of async-typed call made meanwhile waits,
// running the parked `hold` until it lowers backpressure (1), and then starts.
TEST_F(Backpressure, CallsWaitWhileAnotherTaskHoldsBackpressure) {
  const struct {
    const char* name;
    uint32_t result;
    uint32_t log;
  } cases[] = {{"work", 7, 12}, {"work-cb", 8, 13}, {"work-sync", 9, 14}};
  for (const auto& c : cases) {
    fresh();
    auto hold = start("hold");
    ASSERT_TRUE(hold);
    ASSERT_FALSE(hold->done());
    EXPECT_EQ(call_u32(c.name), c.result) << c.name;
    EXPECT_EQ(call_u32("log"), c.log) << c.name << " started before backpressure was off";
    auto held = hold->wait();
    EXPECT_TRUE(held) << held.error().message();
  }
}

TEST_F(Backpressure, ATypedCallOfASyncLiftedAsyncFunctionWaitsToo) {
  auto typed = func("work-sync").typed<uint32_t()>();
  ASSERT_TRUE(typed) << typed.error().message();
  auto hold = start("hold");
  ASSERT_TRUE(hold);
  auto r = typed->call(*store);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(*r, 9u);
  EXPECT_EQ(call_u32("log"), 14u);
  EXPECT_TRUE(hold->wait());
}

TEST_F(Backpressure, CallsWaitingTogetherAllStartWhenItIsOff) {
  call_ok("inc");
  auto a = start("work");
  auto b = start("work");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(parked_task_count(), 2u);
  call_ok("dec");
  ASSERT_TRUE(run_started_tasks());
  EXPECT_TRUE(a->done() && b->done());
  EXPECT_EQ(call_u32("log"), 22u);
}

TEST_F(Backpressure, AWaitNothingCanEndTrapsAndLeavesTheInstanceUsable) {
  for (const char* name : {"work", "work-cb", "work-sync"}) {
    fresh();
    call_ok("inc");
    test::expect_trap_saying(call(name), name, "waits for its instance's backpressure (1) to end");
    EXPECT_EQ(parked_task_count(), 0u);
    call_ok("dec");
    EXPECT_NE(call_u32(name), 0u) << name << " could not be called once backpressure was off";
  }
}

TEST_F(Backpressure, RunStartedTasksEndsACallNothingLetsIn) {
  call_ok("inc");
  auto work = start("work");
  ASSERT_TRUE(work);
  EXPECT_FALSE(run_started_tasks());
  ASSERT_TRUE(work->done());
  test::expect_trap_saying(work->result(), "work", "backpressure");
}

TEST_F(Backpressure, ADeadlineEndsAWaitingCall) {
  call_ok("inc");
  auto work = start("work");
  ASSERT_TRUE(work);
  store->set_epoch_deadline(0);  // due now
  auto r = work->wait();
  ASSERT_FALSE(r);
  ASSERT_NE(r.error().trap(), nullptr) << r.error().message();
  EXPECT_EQ(r.error().trap()->kind(), TrapKind::Interrupt);
  auto blocked = call("work-cb");
  ASSERT_FALSE(blocked);
  ASSERT_NE(blocked.error().trap(), nullptr) << blocked.error().message();
  EXPECT_EQ(blocked.error().trap()->kind(), TrapKind::Interrupt);
}

TEST_F(Backpressure, StoreDroppedWithAWaitingCallEndsIt) {
  call_ok("inc");
  auto work = start("work");
  ASSERT_TRUE(work);
  instance.reset();
  store.reset();
  EXPECT_EQ(parked_task_count(), 0u);
  ASSERT_TRUE(work->done());
  EXPECT_FALSE(work->result());
}

TEST_F(Backpressure, DecBelowZeroTraps) {
  test::expect_trap_saying(call("dec"), "dec", "backpressure.dec while the instance's backpressure is 0");
}

TEST_F(Backpressure, IncPastTheMaximumTraps) {
  call_ok("inc-n", {Val(uint32_t{65535})});
  test::expect_trap_saying(call("inc"), "inc", "past 65535");
}

struct ComposedBackpressure : test::ComponentFixture {
  ComposedBackpressure() : ComponentFixture("backpressure_composed.wasm") {}
};

TEST_F(ComposedBackpressure, AGuestsSyncCallOfAnAsyncFunctionWaitsForTheCalleesBackpressure) {
  EXPECT_EQ(call_u32("call-work"), 7u);
  ASSERT_TRUE(call("inc"));
  // Nothing but the host could lower provider's backpressure, and the host is in the call.
  test::expect_trap_saying(call("call-work"), "call-work", "waits for its instance's backpressure (1) to end");
}

}  // namespace
}  // namespace stratus::component
