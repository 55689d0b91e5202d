// Implicit backpressure (component-wat/implicit_backpressure.wat): a task that holds its
// instance exclusively (a sync lift of an async function, for as long as it runs) makes a new
// async call into the instance wait, STARTING, instead of trapping as reentrance; a
// callback-lifted task lets go while it waits, so the call goes in at once.
#include <gtest/gtest.h>

#include "component_wasm.hpp"

namespace stratus::component {
namespace {

struct ImplicitBackpressure : test::ComponentFixture {
  ImplicitBackpressure() : ComponentFixture("implicit_backpressure.wasm") {}
};

TEST_F(ImplicitBackpressure, AnAsyncCallWaitsWhileASyncLiftedTaskHoldsTheInstance) {
  auto t = func("t").start(*store, {});
  ASSERT_TRUE(t) << t.error().message();
  EXPECT_FALSE(t->done());  // it yields until `hold` runs
  // `hold` blocks on the gate; meanwhile t calls `work`, which waits, and opens the gate.
  EXPECT_EQ(call_u32("hold"), 5u);
  EXPECT_EQ(test::one_u32(t->wait(), "t"), 1000u + 9u);  // STARTING (0), then 9
}

TEST_F(ImplicitBackpressure, ACallbackLiftedTaskLetsGoOfItsInstanceWhileItWaits) {
  auto t = func("t").start(*store, {});
  ASSERT_TRUE(t) << t.error().message();
  // wait-gate waits for the gate; meanwhile t's call of `work` goes in and returns at once.
  EXPECT_EQ(call_u32("wait-gate"), 1u);
  EXPECT_EQ(test::one_u32(t->wait(), "t"), 3000u + 9u);  // RETURNED (2), 9
}

}  // namespace
}  // namespace stratus::component
