// `async` lowers of another component instance's functions (component-wat/async_guest_calls.wat):
// the caller's status and subtask as the callee's task starts, returns, traps or is cancelled,
// for callback, stackful and sync lifts.
#include <gtest/gtest.h>

#include "component_wasm.hpp"

namespace stratus::component {
namespace {

struct AsyncGuestCalls : test::ComponentFixture {
  AsyncGuestCalls() : ComponentFixture("async_guest_calls.wasm") {}
};

// RETURNED (2) * 1000 + the result the callee's task.return stored at the caller's pointer.
TEST_F(AsyncGuestCalls, ACallbackCalleeThatReturnsAtOnceGivesReturned) { EXPECT_EQ(call_u32("call-add"), 2007u); }

TEST_F(AsyncGuestCalls, ASyncLiftedCalleeRunsToItsEndAndGivesReturned) { EXPECT_EQ(call_u32("call-double"), 2042u); }

// The callee parks: the caller has STARTED and goes on (it opens the callee's gate), then its
// SUBTASK event (1) says RETURNED (2) and the result (50) is at its pointer.
TEST_F(AsyncGuestCalls, AStackfulCalleeThatBlocksLetsTheCallerGoOn) {
  EXPECT_EQ(call_u32("call-wait"), 1250u);
  EXPECT_EQ(call_u32("call-wait"), 1250u);  // the instances are usable again
}

TEST_F(AsyncGuestCalls, ACallWaitingForBackpressureIsStartingUntilItEnters) {
  // The first event: STARTED; the second: SUBTASK, RETURNED, 70.
  EXPECT_EQ(call_u32("start-later"), 10000u + 1270u);
}

TEST_F(AsyncGuestCalls, CancellingACallBeforeItStartedEndsItAtOnce) {
  EXPECT_EQ(call_u32("cancel-before-start"), 3u);  // CANCELLED_BEFORE_STARTED
  // The cancelled call never ran, and the callee takes calls again.
  EXPECT_EQ(call_u32("call-wait"), 1250u);
}

TEST_F(AsyncGuestCalls, CancellingAStartedCallWaitsForTheCallee) {
  // BLOCKED, then the callee returned all the same: SUBTASK, RETURNED, 60.
  EXPECT_EQ(call_u32("cancel-after-start"), 1260u);
}

TEST_F(AsyncGuestCalls, DroppingASubtaskBeforeItResolvedTraps) {
  expect_trap("drop-started", "before its resolution was delivered");
}

TEST_F(AsyncGuestCalls, ACalleeTrapAfterItStartedTrapsTheCallerWhenItHearsOfIt) {
  expect_trap("wait-trap", "unreachable");
}

}  // namespace
}  // namespace stratus::component
