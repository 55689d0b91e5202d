// Stackful tasks (component-wat/stackful.wat): exports lifted `async` without `callback` whose
// waitable-set.wait and thread.yield park the task's interpreter stack; Func::start and
// run_started_tasks running many of them at once; the trap rules, deadlines and interrupt()
// reaching a parked task; and the blocking wait when a host frame is in between.
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "component_wasm.hpp"
#include "stratus/component/async.hpp"
#include "stratus/component/component.hpp"
#include "stratus/component/func.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/component/typed_func.hpp"
#include "stratus/store.hpp"
#include "stratus/trap.hpp"

namespace stratus::component {
namespace {

using test::read_wasm;

// The host's `later`: each call is kept until the test resolves it (or, with `answer_at_once`
// set, resolved from the EventLoop's next turn with `answer`), noting how many tasks were
// parked when the host resolved it.
struct Stackful : ::testing::Test {
  Engine engine;
  std::optional<Store> store;
  std::optional<Instance> instance;
  std::optional<Instance> other_instance;  // a second instance of the component in the Store
  std::vector<AsyncCall> calls;
  bool answer_at_once = true;
  uint32_t answer = 41;
  std::optional<size_t> parked_at_resolve;
  bool slow_fails = false;

  void SetUp() override { fresh(); }

  void fresh() {
    instance.reset();
    other_instance.reset();
    calls.clear();
    store.emplace(engine);
    auto component = Component::compile(engine, read_wasm("stackful.wasm"));
    ASSERT_TRUE(component) << component.error().message();
    Linker linker(engine);
    auto host = linker.instance("host");
    ASSERT_TRUE(host);
    ASSERT_TRUE(host->func_new_async("later", [this](Store&, std::span<const Val>, AsyncCall call) -> Result<void> {
      if (!answer_at_once) {
        calls.push_back(call);
        return {};
      }
      EventLoop::current().post([this, call]() mutable {
        parked_at_resolve = parked_task_count();
        (void)call.resolve({Val(answer)});
      });
      return {};
    }));
    ASSERT_TRUE(host->func_new_async("slow", [this](Store&, std::span<const Val>, AsyncCall call) -> Result<void> {
      EventLoop::current().post([this, call]() mutable {
        parked_at_resolve = parked_task_count();
        if (slow_fails) (void)call.fail(Error(ErrorKind::Host, "the disk is gone"));
        else (void)call.resolve({Val(answer)});
      });
      return {};
    }));
    auto made = linker.instantiate(*store, *component);
    ASSERT_TRUE(made) << made.error().message();
    instance = std::move(*made);
    auto other = linker.instantiate(*store, *component);
    ASSERT_TRUE(other) << other.error().message();
    other_instance = std::move(*other);
  }

  Func func(const std::string& name) {
    auto f = instance->get_func(name);
    EXPECT_TRUE(f) << name;
    return f ? *f : Func();
  }

  Result<std::vector<Val>> call(const std::string& name, std::vector<Val> args = {}) {
    return func(name).call(*store, args);
  }

  uint32_t call_u32(const std::string& name, std::vector<Val> args = {}) {
    auto r = call(name, std::move(args));
    EXPECT_TRUE(r) << name << ": " << r.error().message();
    if (!r || r->size() != 1 || !(*r)[0].is<uint32_t>()) return 0;
    return (*r)[0].as<uint32_t>();
  }

  void expect_trap(const std::string& name, const std::string& says) {
    fresh();
    test::expect_trap_saying(call(name), name, says);
    EXPECT_EQ(parked_task_count(), 0u) << "a trapped task stays parked";
  }
};

TEST_F(Stackful, WaitParksTheTaskUntilTheHostResolvesItsCall) {
  // SUBTASK (1) * 1000 + the host's 41 + the 7 of a local live across the wait, 3 calls deep.
  EXPECT_EQ(call_u32("wait-later", {Val(uint32_t{0})}), 1048u);
  ASSERT_TRUE(parked_at_resolve);
  EXPECT_EQ(*parked_at_resolve, 1u) << "the task was not parked while it waited";
  EXPECT_EQ(parked_task_count(), 0u);
}

TEST_F(Stackful, StartReturnsWhileTheTaskIsParked) {
  auto started = func("wait-later").start(*store, std::vector<Val>{Val(uint32_t{1})});
  ASSERT_TRUE(started) << started.error().message();
  EXPECT_FALSE(started->done());
  EXPECT_EQ(parked_task_count(), 1u);
  EXPECT_FALSE(started->result()) << "a result before the task exited";
  auto r = started->wait();
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].as<uint32_t>(), 1048u);
  EXPECT_TRUE(started->done());
}

TEST_F(Stackful, YieldParksTheTaskUntilTheNextTurn) {
  EXPECT_EQ(call_u32("yield-n", {Val(uint32_t{5})}), 50u);  // none of the yields was cancelled
  auto a = func("yield-n").start(*store, std::vector<Val>{Val(uint32_t{3})});
  auto b = func("yield-n").start(*store, std::vector<Val>{Val(uint32_t{4})});
  ASSERT_TRUE(a && b);
  EXPECT_EQ(parked_task_count(), 2u) << "both yielded and parked";
  ASSERT_TRUE(run_started_tasks());
  ASSERT_TRUE(a->done() && b->done());
  EXPECT_EQ((*a->result())[0].as<uint32_t>(), 30u);
  EXPECT_EQ((*b->result())[0].as<uint32_t>(), 40u);
}

TEST_F(Stackful, TaskReturnHandsTheResultOverWhileTheTaskGoesOn) {
  std::optional<uint32_t> heard;
  bool exited_when_heard = true;
  auto started = func("return-then-yield").start(*store, {}, [&](const Val& v) {
    heard = v.as<uint32_t>();
    exited_when_heard = false;
  });
  ASSERT_TRUE(started) << started.error().message();
  ASSERT_TRUE(heard) << "on_return was not called at task.return";
  EXPECT_EQ(*heard, 5u);
  EXPECT_FALSE(exited_when_heard);
  EXPECT_FALSE(started->done()) << "the task yielded after task.return";
  auto r = started->wait();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ((*r)[0].as<uint32_t>(), 5u);
}

TEST_F(Stackful, TrapRules) {
  expect_trap("no-return", "exited without calling task.return");
  expect_trap("return-twice", "task.return called twice");
  expect_trap("wait-forever", "nothing can deliver it an event");
  expect_trap("trap-after-wait", "unreachable");
}

TEST_F(Stackful, ResumedCodeTrapsWithItsKindAndFrames) {
  auto r = call("trap-after-wait");
  ASSERT_FALSE(r);
  ASSERT_NE(r.error().trap(), nullptr) << r.error().message();
  EXPECT_EQ(r.error().trap()->kind(), TrapKind::Unreachable);
  EXPECT_FALSE(r.error().trap()->backtrace().empty()) << "the resumed frames were not walked";
  EXPECT_FALSE(call("yield-n", {Val(uint32_t{1})})) << "a trapped instance may be entered again";
}

TEST_F(Stackful, BuiltinsInARealloc) {
  fresh();
  auto r = func("take-string").call(*store, std::vector<Val>{Val(std::string("abc"))});
  ASSERT_FALSE(r);
  ASSERT_NE(r.error().trap(), nullptr) << r.error().message();
  EXPECT_EQ(r.error().trap()->kind(), TrapKind::CannotLeaveComponent) << r.error().message();
}

TEST_F(Stackful, AWaitUnderAHostFrameBlocksInsteadOfParking) {
  answer = 9;
  EXPECT_EQ(call_u32("wait-under-host-frame"), 9u);
  ASSERT_TRUE(parked_at_resolve);
  EXPECT_EQ(*parked_at_resolve, 0u) << "the destructor's wait parked under the host's resource.drop";
}

TEST_F(Stackful, ParkedTasksGoOnWhileAnotherTaskBlocks) {
  auto yield_n = other_instance->get_func("yield-n");
  ASSERT_TRUE(yield_n);
  auto yielding = yield_n->start(*store, std::vector<Val>{Val(uint32_t{3})});
  ASSERT_TRUE(yielding) << yielding.error().message();
  ASSERT_FALSE(yielding->done());
  answer = 9;
  EXPECT_EQ(call_u32("wait-under-host-frame"), 9u);  // blocks under the host's resource.drop
  EXPECT_TRUE(yielding->done()) << "the parked task stood still while the other one blocked";
  auto r = yielding->result();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ((*r)[0].as<uint32_t>(), 30u);
}

TEST_F(Stackful, ATaskOfABusyInstanceWaitsForIt) {
  auto yielding = func("yield-n").start(*store, std::vector<Val>{Val(uint32_t{3})});
  ASSERT_TRUE(yielding) << yielding.error().message();
  answer = 9;
  EXPECT_EQ(call_u32("wait-under-host-frame"), 9u);
  EXPECT_FALSE(yielding->done()) << "a task went on inside an instance another task was running in";
  auto r = yielding->wait();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ((*r)[0].as<uint32_t>(), 30u);
}

TEST_F(Stackful, SyncLoweredAsyncHostCallParksTheTask) {
  EXPECT_EQ(call_u32("call-slow"), 42u);
  ASSERT_TRUE(parked_at_resolve);
  EXPECT_EQ(*parked_at_resolve, 1u) << "the task blocked the thread instead of parking";
}

TEST_F(Stackful, SyncLoweredAsyncHostCallFailingAfterItParkedTraps) {
  slow_fails = true;
  auto r = call("call-slow");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Trap) << r.error().message();
  EXPECT_NE(r.error().message().find("the disk is gone"), std::string::npos) << r.error().message();
}

TEST_F(Stackful, TypedCallsOfAnAsyncExportAreRefused) {
  auto typed = func("yield-n").typed<uint32_t(uint32_t)>();
  ASSERT_FALSE(typed);
  EXPECT_NE(typed.error().message().find("lifted `async`"), std::string::npos) << typed.error().message();
}

TEST_F(Stackful, ADeadlineEndsAParkedTask) {
  auto started = func("yield-forever").start(*store, {});
  ASSERT_TRUE(started) << started.error().message();
  EXPECT_EQ(parked_task_count(), 1u);
  store->set_epoch_deadline(0);  // due now
  auto r = started->wait();
  ASSERT_FALSE(r);
  ASSERT_NE(r.error().trap(), nullptr) << r.error().message();
  EXPECT_EQ(r.error().trap()->kind(), TrapKind::Interrupt);
  EXPECT_EQ(parked_task_count(), 0u);
}

TEST_F(Stackful, InterruptEndsATaskParkedOnIOThatNeverComes) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  answer_at_once = false;
  auto started = func("wait-later").start(*store, std::vector<Val>{Val(uint32_t{0})});
  ASSERT_TRUE(started) << started.error().message();
  ASSERT_EQ(calls.size(), 1u);
  // Host work that keeps the loop waiting, as a socket would.
  EventLoop::current().watch_fd(fds[0], EventLoop::Readable, [] {});
  std::thread interrupter([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    store->interrupt();
  });
  auto ran = run_started_tasks();
  interrupter.join();
  EXPECT_TRUE(ran) << ran.error().message();  // the task was ended, none is stuck
  auto r = started->result();
  ASSERT_FALSE(r) << "the parked task outlived interrupt()";
  ASSERT_NE(r.error().trap(), nullptr) << r.error().message();
  EXPECT_EQ(r.error().trap()->kind(), TrapKind::Interrupt);
  ASSERT_EQ(::write(fds[1], "x", 1), 1);
  EventLoop::current().run_once(true);
  ::close(fds[0]);
  ::close(fds[1]);
  (void)calls[0].resolve({Val(uint32_t{0})});  // too late: the task is gone
}

TEST_F(Stackful, StoreDroppedWithParkedTasksEndsThem) {
  answer_at_once = false;
  auto started = func("wait-later").start(*store, std::vector<Val>{Val(uint32_t{0})});
  ASSERT_TRUE(started) << started.error().message();
  EXPECT_EQ(parked_task_count(), 1u);
  instance.reset();
  store.reset();
  EXPECT_EQ(parked_task_count(), 0u);
  ASSERT_TRUE(started->done());
  EXPECT_FALSE(started->result());
  calls.clear();
}

// 10,000 stackful tasks parked at once on one thread, each waiting for its own host call,
// then all resolved: every one resumes with its own value and frames.
TEST_F(Stackful, TenThousandParkedTasksAllComplete) {
  constexpr uint32_t kTasks = 10'000;
  answer_at_once = false;
  std::vector<StartedCall> started;
  started.reserve(kTasks);
  for (uint32_t i = 0; i < kTasks; ++i) {
    auto s = func("wait-later").start(*store, std::vector<Val>{Val(i)});
    ASSERT_TRUE(s) << i << ": " << s.error().message();
    started.push_back(std::move(*s));
  }
  EXPECT_EQ(parked_task_count(), kTasks);
  ASSERT_EQ(calls.size(), kTasks);
  for (uint32_t i = 0; i < kTasks; ++i) ASSERT_TRUE(calls[i].resolve({Val(i * 3)}));
  auto ran = run_started_tasks();
  ASSERT_TRUE(ran) << ran.error().message();
  for (uint32_t i = 0; i < kTasks; ++i) {
    auto r = started[i].result();
    ASSERT_TRUE(r) << i << ": " << r.error().message();
    ASSERT_EQ((*r)[0].as<uint32_t>(), 1000u + i * 3 + 7) << i;
  }
  EXPECT_EQ(parked_task_count(), 0u);
}

}  // namespace
}  // namespace stratus::component
