// Parking a wasm call at a host call and resuming it (exec/invoke.hpp's invoke_parkable and
// resume_parked, through embed/parking.hpp): the frames, locals and the host call's results
// survive the park, a call may park again, a host frame in between forbids parking, traps and
// deadlines reach resumed code, and many parked calls live at once.
#include "embed/parking.hpp"

#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

#include "exec_test_support.hpp"
#include "stratus/extern.hpp"

namespace stratus::exec_test {
namespace {

using stratus::detail::ParkedWasm;

class Parking : public ::testing::Test {
 protected:
  void SetUp() override {
    Fixture::must(
        f.linker.define_func("env", "park", FuncType{{ValType::I32}, {ValType::I32}},
                             [this](Caller& caller, std::span<const Val> p, std::span<Val> r) -> Result<void> {
                               if (stratus::detail::may_park(caller.store())) {
                                 ++parks;
                                 return stratus::detail::park_host_call(caller.store());
                               }
                               r[0] = Val::i32(p[0].i32() * 2 + 1);
                               return {};
                             }));
    Fixture::must(f.linker.define_func(
        "env", "reenter", FuncType{{ValType::I32}, {ValType::I32}},
        [this](Caller& caller, std::span<const Val> p, std::span<Val> r) -> Result<void> {
          const Val arg = p[0];
          auto back = f.instance.get_func("run")->call(caller.store(), std::span<const Val>(&arg, 1));
          if (!back) return back.error();
          r[0] = (*back)[0];
          return {};
        }));
    f.instantiate();
  }

  Result<ParkedWasm> start(const std::string& name, int32_t arg, uint64_t* cells) {
    cells[0] = static_cast<uint32_t>(arg);
    return stratus::detail::call_cells_parkable(f.store, f.instance.get_func(name)->raw(), cells);
  }
  Result<ParkedWasm> resume(ParkedWasm parked, uint64_t host_result, uint64_t* cells) {
    return stratus::detail::resume_cells(f.store, parked, std::span<const uint64_t>(&host_result, 1), cells);
  }

  Fixture f{"parking"};
  int parks = 0;
};

// run(x) = park's result + the locals 10..15 of the six frames (75).
TEST_F(Parking, ParkedCallResumesWithTheHostResultAndItsFrames) {
  uint64_t cells[1] = {};
  auto parked = start("run", 7, cells);
  ASSERT_TRUE(parked) << parked.error().message();
  ASSERT_NE(*parked, nullptr) << "the call did not park";
  EXPECT_EQ(parks, 1);
  auto done = resume(*parked, 1000, cells);
  ASSERT_TRUE(done) << done.error().message();
  EXPECT_EQ(*done, nullptr) << "the call parked again";
  EXPECT_EQ(static_cast<uint32_t>(cells[0]), 1075u);
}

TEST_F(Parking, ACallMayParkAgainAfterResuming) {
  uint64_t cells[1] = {};
  auto first = start("twice", 0, cells);
  ASSERT_TRUE(first && *first);
  auto second = resume(*first, 1, cells);  // the second park is through call_indirect
  ASSERT_TRUE(second) << second.error().message();
  ASSERT_NE(*second, nullptr);
  auto done = resume(*second, 2, cells);
  ASSERT_TRUE(done && !*done);
  EXPECT_EQ(static_cast<uint32_t>(cells[0]), 3u);
  EXPECT_EQ(parks, 2);
}

TEST_F(Parking, AHostFrameInBetweenForbidsParking) {
  uint64_t cells[1] = {};
  auto ran = start("via-host", 7, cells);
  ASSERT_TRUE(ran) << ran.error().message();
  EXPECT_EQ(*ran, nullptr) << "parked under the host's reentering call";
  EXPECT_EQ(parks, 0);
  EXPECT_EQ(static_cast<uint32_t>(cells[0]), 15u + 75u);
  // A plain call never parks either.
  EXPECT_EQ(Fixture::must(f.call("run", {i32(7)}))[0].i32(), 15 + 75);
}

TEST_F(Parking, ResumedCodeTrapsWithItsBacktrace) {
  uint64_t cells[1] = {};
  auto parked = start("trap-after", 0, cells);
  ASSERT_TRUE(parked && *parked);
  auto done = resume(*parked, 0, cells);
  ASSERT_FALSE(done);
  ASSERT_NE(done.error().trap(), nullptr);
  EXPECT_EQ(done.error().trap()->kind(), TrapKind::Unreachable);
  EXPECT_FALSE(done.error().trap()->backtrace().empty());
  // The Store goes on: the trap left no parked state behind.
  EXPECT_EQ(Fixture::must(f.call("run", {i32(1)}))[0].i32(), 3 + 75);
}

TEST_F(Parking, APassedDeadlineEndsAParkedCall) {
  uint64_t cells[1] = {};
  auto parked = start("run", 0, cells);
  ASSERT_TRUE(parked && *parked);
  f.store.set_epoch_deadline(0);
  auto done = resume(*parked, 0, cells);
  ASSERT_FALSE(done);
  ASSERT_NE(done.error().trap(), nullptr);
  EXPECT_EQ(done.error().trap()->kind(), TrapKind::Interrupt);
}

TEST_F(Parking, InterruptReachesAResumedLoop) {
  uint64_t cells[1] = {};
  auto parked = start("spin-after", 0, cells);
  ASSERT_TRUE(parked && *parked);
  std::thread interrupter([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    f.store.interrupt();
  });
  auto done = resume(*parked, 0, cells);
  interrupter.join();
  ASSERT_FALSE(done);
  ASSERT_NE(done.error().trap(), nullptr);
  EXPECT_EQ(done.error().trap()->kind(), TrapKind::Interrupt);
}

TEST_F(Parking, ManyParkedCallsResumeInAnyOrder) {
  constexpr int kCalls = 1000;
  std::vector<ParkedWasm> parked;
  uint64_t cells[1] = {};
  for (int i = 0; i < kCalls; ++i) {
    auto p = start("run", i, cells);
    ASSERT_TRUE(p && *p) << i;
    parked.push_back(*p);
  }
  for (int i = kCalls - 1; i >= 0; --i) {
    if (i % 3 == 0) {  // some are dropped, never resumed
      stratus::detail::discard_parked(parked[i]);
      continue;
    }
    auto done = resume(parked[i], static_cast<uint64_t>(i), cells);
    ASSERT_TRUE(done && !*done) << i;
    ASSERT_EQ(static_cast<uint32_t>(cells[0]), static_cast<uint32_t>(i + 75)) << i;
  }
}

}  // namespace
}  // namespace stratus::exec_test
