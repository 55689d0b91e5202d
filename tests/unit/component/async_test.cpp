// The async built-ins over one instance's handle table (component-wat/async_builtins.wat):
// waitable sets, stream and future copies between the instance's own ends (partial,
// zero-length, cancelled, dropped), context slots, task.return, and exports lifted `async`
// with a callback, driven by the callback loop; every misuse CanonicalABI.md names traps.
#include "stratus/component/async.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "component/binary/decoder.hpp"
#include "component/validate/validator.hpp"
#include "component_wasm.hpp"
#include "stratus/component/component.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/component/resource.hpp"
#include "stratus/store.hpp"
#include "stratus/trap.hpp"

namespace stratus::component {
namespace {

using test::read_wasm;

struct AsyncBuiltins : test::ComponentFixture {
  AsyncBuiltins() : ComponentFixture("async_builtins.wasm") {}
};

TEST_F(AsyncBuiltins, WaitableSetIsAHandleOfTheInstanceTable) {
  EXPECT_EQ(call_u32("ws-cycle"), 1u);    // index 0 is never a handle
  EXPECT_EQ(call_u32("poll-empty"), 0u);  // EventCode NONE
}

TEST_F(AsyncBuiltins, WaitableSetMisuseTraps) {
  expect_trap("ws-drop-twice", "unknown handle index");
  expect_trap("ws-drop-nonempty", "still has 1 waitable");
}

TEST_F(AsyncBuiltins, JoinOfAWaitableSetIntoItselfTraps) {
  expect_trap("join-wrong-kind", "is a waitable set, not a waitable");
}

TEST_F(AsyncBuiltins, PartialStreamCopyReportsProgressToBothEnds) {
  const uint32_t r = call_u32("stream-roundtrip");
  EXPECT_EQ(r & 0xff, 2u << 4) << "the read: COMPLETED with 2 values";
  EXPECT_EQ((r >> 8) & 0xff, 3u) << "the writer's event: STREAM_WRITE";
  EXPECT_EQ((r >> 16) & 0xff, 2u << 4) << "the writer's event payload: COMPLETED, 2 taken";
  EXPECT_EQ(r >> 24, 0x01u) << "the first byte read";
}

TEST_F(AsyncBuiltins, StreamEndMisuseTraps) {
  expect_trap("read-on-writable", "is a writable stream end, not a readable stream end");
  expect_trap("double-write", "already copying");
  expect_trap("sync-read-blocks", "would block");
  expect_trap("drop-while-copying", "while a copy is in progress");
  expect_trap("write-after-dropped", "that is done");
  expect_trap("cancel-idle", "not copying");
  expect_trap("out-of-bounds", "out of bounds");
}

TEST_F(AsyncBuiltins, WriteToADroppedReaderSaysDropped) { EXPECT_EQ(call_u32("write-to-dropped"), 1u); }

TEST_F(AsyncBuiltins, CancelledWriteSaysCancelled) { EXPECT_EQ(call_u32("cancel-write"), 2u); }

TEST_F(AsyncBuiltins, ZeroLengthWriteCompletesWhenAReadComes) {
  EXPECT_EQ(call_u32("zero-length"), 0u);  // COMPLETED, 0 values: its event was pending already
}

TEST_F(AsyncBuiltins, FutureCopiesItsOneValue) { EXPECT_EQ(call_u32("future-roundtrip"), 7u); }

TEST_F(AsyncBuiltins, FutureMisuseTraps) {
  expect_trap("future-write-twice", "that is done");
  expect_trap("future-drop-unwritten", "before its value was written");
}

TEST_F(AsyncBuiltins, ContextSlotBelongsToTheTask) { EXPECT_EQ(call_u32("context"), 5u); }

TEST_F(AsyncBuiltins, TaskBuiltinsTrapOutsideAnAsyncTask) {
  expect_trap("task-return-in-sync", "not lifted `async`");
  expect_trap("subtask-drop-wrong-kind", "is a waitable set, not a subtask");
}

TEST_F(AsyncBuiltins, CallbackLoopDeliversTheWaitedEvent) {
  // The callback gets STREAM_WRITE with 4 values taken (payload 4 << 4) and returns it plus
  // the context slot (42) set before the wait.
  EXPECT_EQ(call_u32("run"), (4u << 4) + 42u);
}

TEST_F(AsyncBuiltins, CallbackLoopYields) { EXPECT_EQ(call_u32("yield"), 7u); }

TEST_F(AsyncBuiltins, OnReturnHearsTheResultWhileTheTaskGoesOn) {
  auto f = instance->get_func("return-then-yield");
  ASSERT_TRUE(f);
  int heard = 0;
  bool ran_before_exit = false;
  auto r = f->call(*store, {}, [&](const Val& result) {
    ++heard;
    EXPECT_EQ(result.as<uint32_t>(), 9u);
    // The task's yield after task.return runs the loop's work: proof the call has not ended.
    EventLoop::current().post([&] { ran_before_exit = true; });
  });
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(heard, 1);
  EXPECT_TRUE(ran_before_exit);
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].as<uint32_t>(), 9u);
}

TEST_F(AsyncBuiltins, CallbackLoopTraps) {
  expect_trap("exit", "without calling task.return");
  expect_trap("bad-code", "is not EXIT (0), YIELD (1) or WAIT (2)");
  expect_trap("return-twice", "task.return called twice");
}

TEST_F(AsyncBuiltins, WaitWithNothingToComeTraps) { expect_trap("wait-forever", "nothing can deliver it an event"); }

TEST_F(AsyncBuiltins, WaitOnAStreamEndTraps) { expect_trap("wait-on-stream", "not a waitable set"); }

}  // namespace
}  // namespace stratus::component

namespace stratus::component {
namespace {

// An async host function ends its call later, from work posted to the thread's EventLoop;
// the guest lowered it sync, so its call waits until then.
struct AsyncHostImport : ::testing::Test {
  Engine engine;
  Store store{engine};
  Linker linker{engine};

  Result<std::vector<Val>> run() {
    auto component = Component::compile(engine, read_wasm("async_host_import.wasm"));
    EXPECT_TRUE(component) << component.error().message();
    if (!component) return component.error();
    auto instance = linker.instantiate(store, *component);
    if (!instance) return instance.error();
    return instance->get_func("call-later")->call(store, {});
  }
};

TEST_F(AsyncHostImport, SyncLoweredCallWaitsForTheHostToEndIt) {
  auto host = linker.instance("host");
  ASSERT_TRUE(host);
  ASSERT_TRUE(host->func_new_async("later", [](Store&, std::span<const Val>, AsyncCall call) -> Result<void> {
    EventLoop::current().post([call]() mutable { (void)call.resolve({Val(uint32_t{41})}); });
    return {};
  }));
  auto r = run();
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].as<uint32_t>(), 42u);
  EXPECT_TRUE(EventLoop::current().idle());
}

TEST_F(AsyncHostImport, HostEndingTheCallTwiceIsAnError) {
  auto host = linker.instance("host");
  ASSERT_TRUE(host);
  std::optional<Result<void>> second;
  ASSERT_TRUE(host->func_new_async("later", [&second](Store&, std::span<const Val>, AsyncCall call) -> Result<void> {
    (void)call.resolve({Val(uint32_t{1})});
    second = call.resolve({Val(uint32_t{2})});
    return {};
  }));
  auto r = run();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ((*r)[0].as<uint32_t>(), 2u);
  ASSERT_TRUE(second);
  EXPECT_FALSE(*second);
}

TEST_F(AsyncHostImport, FailedCallTrapsTheGuest) {
  auto host = linker.instance("host");
  ASSERT_TRUE(host);
  ASSERT_TRUE(host->func_new_async("later", [](Store&, std::span<const Val>, AsyncCall call) -> Result<void> {
    EventLoop::current().post([call]() mutable { (void)call.fail(Error(ErrorKind::Host, "the disk is gone")); });
    return {};
  }));
  auto r = run();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("the disk is gone"), std::string::npos) << r.error().message();
}

TEST_F(AsyncHostImport, InterruptEndsACallWaitingForIOThatNeverComes) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  auto host = linker.instance("host");
  ASSERT_TRUE(host);
  ASSERT_TRUE(host->func_new_async("later", [&fds](Store&, std::span<const Val>, AsyncCall call) -> Result<void> {
    EventLoop::current().watch_fd(fds[0], EventLoop::Readable,
                                  [call]() mutable { (void)call.resolve({Val(uint32_t{1})}); });
    return {};
  }));
  std::thread interrupter([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    store.interrupt();
  });
  auto r = run();
  interrupter.join();
  ASSERT_FALSE(r) << "the wait outlived interrupt()";
  ASSERT_NE(r.error().trap(), nullptr) << r.error().message();
  EXPECT_EQ(r.error().trap()->kind(), TrapKind::Interrupt);
  // Let the watch fire and go, so no later test's loop sees these descriptors.
  ASSERT_EQ(::write(fds[1], "x", 1), 1);
  EventLoop::current().run_once(true);
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST_F(AsyncHostImport, CallNothingWillEndIsAnError) {
  auto host = linker.instance("host");
  ASSERT_TRUE(host);
  ASSERT_TRUE(
      host->func_new_async("later", [](Store&, std::span<const Val>, AsyncCall) -> Result<void> { return {}; }));
  auto r = run();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("left no work to end it later"), std::string::npos) << r.error().message();
}

}  // namespace
}  // namespace stratus::component

namespace stratus::component {
namespace {

TEST(AsyncEventLoop, RunsPostedWorkThenWhatItPostsOnTheNextTurn) {
  EventLoop loop;
  std::vector<int> ran;
  loop.post([&] {
    ran.push_back(1);
    loop.post([&] { ran.push_back(2); });
  });
  EXPECT_TRUE(loop.run_once(false));
  EXPECT_EQ(ran, (std::vector<int>{1}));
  EXPECT_TRUE(loop.run_once(false));
  EXPECT_EQ(ran, (std::vector<int>{1, 2}));
  EXPECT_FALSE(loop.run_once(true)) << "nothing left: blocking would never end";
}

TEST(AsyncEventLoop, WatchedFdFiresOnceWhenReady) {
  EventLoop loop;
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  int fired = 0;
  loop.watch_fd(fds[0], EventLoop::Readable, [&] { ++fired; });
  EXPECT_TRUE(loop.run_once(false));
  EXPECT_EQ(fired, 0) << "nothing to read yet";
  ASSERT_EQ(::write(fds[1], "x", 1), 1);
  EXPECT_TRUE(loop.run_once(true));
  EXPECT_EQ(fired, 1);
  EXPECT_TRUE(loop.idle());
  ::close(fds[0]);
  ::close(fds[1]);
}

}  // namespace
}  // namespace stratus::component

namespace stratus::component {
namespace {

// A guest lowering host imports `async` (component-wat/async_lower.wat): a plain host
// function returns RETURNED with its result stored at once; an async one that ends later
// gives the guest a subtask whose SUBTASK event brings the result.
struct AsyncLower : ::testing::Test {
  Engine engine;
  Store store{engine};
  Linker linker{engine};
  std::optional<Instance> instance;
  // What the "later" host function does with its call; it posts a resolve with 41 by default.
  std::function<Result<void>(AsyncCall)> later = [](AsyncCall call) -> Result<void> {
    EventLoop::current().post([call]() mutable { (void)call.resolve({Val(uint32_t{41})}); });
    return {};
  };
  std::vector<uint32_t> sum5_args;
  ResourceType thing = ResourceType::define("thing", nullptr);
  // The borrow "hold" got, and what the host could read through it while the call was on.
  std::optional<ResourceHandle> held;
  std::optional<uint32_t> rep_during_call;
  bool hold_forever = false;  // "hold" never ends its call

  void instantiate() {
    auto host = linker.instance("host");
    ASSERT_TRUE(host);
    ASSERT_TRUE(host->resource("thing", thing));
    ASSERT_TRUE(
        host->func_new("make", [this](Store& s, std::span<const Val>, std::vector<Val>& results) -> Result<void> {
          auto h = resource_new_own(s, thing, 77);
          if (!h) return h.error();
          results.push_back(Val(*h));
          return {};
        }));
    // Ends its call from posted work, with the rep of the thing it was lent.
    ASSERT_TRUE(
        host->func_new_async("hold", [this](Store& s, std::span<const Val> params, AsyncCall call) -> Result<void> {
          held = params[0].as<ResourceHandle>();
          if (hold_forever) return {};
          EventLoop::current().post([this, &s, call]() mutable {
            auto rep = resource_rep(s, thing, *held);
            if (rep) rep_during_call = *rep;
            (void)call.resolve({Val(rep ? *rep : 0u)});
          });
          return {};
        }));
    ASSERT_TRUE(
        host->func_new("add", [](Store&, std::span<const Val> params, std::vector<Val>& results) -> Result<void> {
          results.push_back(Val(params[0].as<uint32_t>() + params[1].as<uint32_t>()));
          return {};
        }));
    ASSERT_TRUE(
        host->func_new("sum5", [this](Store&, std::span<const Val> params, std::vector<Val>& results) -> Result<void> {
          uint32_t sum = 0;
          for (const Val& p : params) {
            sum5_args.push_back(p.as<uint32_t>());
            sum += p.as<uint32_t>();
          }
          results.push_back(Val(sum));
          return {};
        }));
    ASSERT_TRUE(host->func_new_async(
        "later", [this](Store&, std::span<const Val>, AsyncCall call) { return later(std::move(call)); }));
    auto component = Component::compile(engine, read_wasm("async_lower.wasm"));
    ASSERT_TRUE(component) << component.error().message();
    auto made = linker.instantiate(store, *component);
    ASSERT_TRUE(made) << made.error().message();
    instance = std::move(*made);
  }

  Result<std::vector<Val>> call(const std::string& name, std::vector<Val> args = {}) {
    if (!instance) return Error(ErrorKind::Argument, "not instantiated");
    auto f = instance->get_func(name);
    if (!f) return Error(ErrorKind::Argument, "no export " + name);
    return f->call(store, args);
  }

  uint32_t call_u32(const std::string& name) {
    auto r = call(name);
    EXPECT_TRUE(r) << name << ": " << r.error().message();
    if (!r || r->size() != 1 || !(*r)[0].is<uint32_t>()) {
      ADD_FAILURE() << name << " did not return one u32";
      return 0;
    }
    return (*r)[0].as<uint32_t>();
  }

  void expect_trap(const std::string& name, std::vector<Val> args, const std::string& says) {
    auto r = call(name, std::move(args));
    ASSERT_FALSE(r) << name << " did not trap";
    EXPECT_NE(r.error().message().find(says), std::string::npos) << name << ": " << r.error().message();
  }
};

TEST_F(AsyncLower, PlainHostFunctionReturnsAtOnceWithItsResultStored) {
  instantiate();
  EXPECT_EQ(call_u32("add-now"), 2u * 1000 + 7);  // RETURNED, 3 + 4 at the result pointer
}

TEST_F(AsyncLower, MoreThanFourFlatParamsArePassedThroughAPointer) {
  instantiate();
  EXPECT_EQ(call_u32("sum5-now"), 2u * 1000 + 15);
  EXPECT_EQ(sum5_args, (std::vector<uint32_t>{1, 2, 3, 4, 5}));
}

TEST_F(AsyncLower, MisalignedSpilledParamsPointerTraps) {
  instantiate();
  expect_trap("sum5-from", {Val(uint32_t{101})}, "not 4-byte aligned");
}

TEST_F(AsyncLower, SpilledParamsPointerOutOfBoundsTraps) {
  instantiate();
  expect_trap("sum5-from", {Val(uint32_t{0xfffffff0})}, "out of bounds");
}

TEST_F(AsyncLower, BadResultPointerTraps) {
  instantiate();
  expect_trap("add-to", {Val(uint32_t{201})}, "not 4-byte aligned");
}

TEST_F(AsyncLower, ResultPointerOutOfBoundsTraps) {
  instantiate();
  expect_trap("add-to", {Val(uint32_t{65536})}, "out of bounds");
}

TEST_F(AsyncLower, AsyncHostFunctionEndingBeforeItReturnsGivesReturned) {
  later = [](AsyncCall call) { return call.resolve({Val(uint32_t{9})}); };
  instantiate();
  EXPECT_EQ(call_u32("later-now"), 2u * 1000 + 9);
}

TEST_F(AsyncLower, LaterResolutionIsTheSubtaskEventTheCallbackWaitsFor) {
  instantiate();
  EXPECT_EQ(call_u32("wait-later"), 41u);
  EXPECT_TRUE(EventLoop::current().idle());
}

TEST_F(AsyncLower, LaterResolutionIsPolledFromAYieldingCallback) {
  instantiate();
  EXPECT_EQ(call_u32("poll-later"), 41u);
}

TEST_F(AsyncLower, CancelBeforeResolutionAsksTheHost) {
  bool asked = false;
  later = [&asked](AsyncCall call) -> Result<void> {
    call.on_cancel([call, &asked]() mutable {
      asked = call.cancel_requested();
      (void)call.cancelled();
    });
    return {};
  };
  instantiate();
  // CANCELLED_BEFORE_RETURNED (4), nothing stored
  EXPECT_EQ(call_u32("cancel-later"), 4u * 1000);
  EXPECT_TRUE(asked);
}

TEST_F(AsyncLower, HostMayAnswerACancelWithItsResult) {
  later = [](AsyncCall call) -> Result<void> {
    call.on_cancel([call]() mutable { (void)call.resolve({Val(uint32_t{5})}); });
    return {};
  };
  instantiate();
  EXPECT_EQ(call_u32("cancel-later"), 2u * 1000 + 5);
}

TEST_F(AsyncLower, BorrowIsLentUntilTheResolutionIsDelivered) {
  instantiate();
  // The callback drops the thing once the SUBTASK event came: the lend has ended by then.
  EXPECT_EQ(call_u32("hold-and-wait"), 77u);
  EXPECT_EQ(rep_during_call, 77u);
  ASSERT_TRUE(held);
  EXPECT_FALSE(resource_rep(store, thing, *held)) << "the host's borrow outlived the call";
}

TEST_F(AsyncLower, DroppingALentHandleWhileTheCallIsOnTraps) {
  instantiate();
  expect_trap("drop-held", {}, "lent to 1 call(s) in progress");
  EventLoop::current().run_once(false);  // the posted resolve finds its subtask still held
}

// The Store ends with the subtask in the guest's table, still lending its handle: the lend's
// end must not reach into the tables being emptied (ASan's build checks it).
TEST_F(AsyncLower, StoreMayEndWhileACallIsLentAHandle) {
  hold_forever = true;
  instantiate();
  expect_trap("drop-held", {}, "lent to 1 call(s) in progress");
}

TEST_F(AsyncLower, SubtaskDropBeforeResolutionDeliveredTraps) {
  instantiate();
  expect_trap("drop-early", {}, "before its resolution was delivered");
  EventLoop::current().run_once(false);  // the posted resolve finds its subtask still held
}

TEST_F(AsyncLower, LaterFailureTrapsWhenDelivered) {
  later = [](AsyncCall call) -> Result<void> {
    EventLoop::current().post([call]() mutable { (void)call.fail(Error(ErrorKind::Host, "the disk is gone")); });
    return {};
  };
  instantiate();
  expect_trap("wait-later", {}, "the disk is gone");
}

TEST_F(AsyncLower, LaterResultOfTheWrongArityTrapsWhenDelivered) {
  later = [](AsyncCall call) -> Result<void> {
    EventLoop::current().post([call]() mutable { (void)call.resolve({}); });
    return {};
  };
  instantiate();
  expect_trap("wait-later", {}, "returned 0 result(s), but its type has 1");
}

}  // namespace
}  // namespace stratus::component

namespace stratus::component {
namespace {

// What validation gives an `async` lower (CanonicalABI.md's flatten_functype, 'lower').
Result<void> validate_wasm(const std::string& name) {
  auto bytes = read_wasm(name);
  if (bytes.empty()) return Error(ErrorKind::Argument, "no " + name);
  auto c = decode_component(bytes);
  if (!c.ok()) return c.error();
  auto v = validate_component(*c);
  if (!v.ok()) return v.error();
  return {};
}

TEST(AsyncLowerValidation, CoreTypeSpillsPastFourFlatParamsAndStoresTheResult) {
  auto ok = validate_wasm("async_lower_types.wasm");
  EXPECT_TRUE(ok) << ok.error().message();
}

TEST(AsyncLowerValidation, TheSyncCoreTypeIsAMismatch) {
  auto r = validate_wasm("async_lower_sync_type.wasm");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("type mismatch"), std::string::npos) << r.error().message();
}

TEST(AsyncLowerValidation, AResultNeedsMemory) {
  auto r = validate_wasm("async_lower_no_memory.wasm");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("canonical option `memory` is required"), std::string::npos)
      << r.error().message();
}

}  // namespace
}  // namespace stratus::component
