// The host's ends of streams and futures (component-wat/host_streams.wat): a host import
// returns a stream the guest reads and a guest passes the host streams it writes; exports
// return and take them; futures both ways; cancels and drops on either side; and the traps
// of passing an end that cannot move.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "component_wasm.hpp"
#include "stratus/component/async.hpp"
#include "stratus/component/component.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/store.hpp"
#include "stratus/trap.hpp"

namespace stratus::component {
namespace {

constexpr uint32_t kBlocked = 0xffff'ffff;
constexpr uint32_t kStreamRead = 2, kStreamWrite = 3, kFutureRead = 4, kFutureWrite = 5;  // event codes
constexpr uint32_t kDropped = 1, kCancelled = 2;                                          // copy results

// A stream event's payload: the result and how many values moved.
constexpr uint32_t copied(uint32_t n, uint32_t result = 0) { return result | (n << 4); }
// What the guest's `poll` export returns for an event.
constexpr uint32_t event(uint32_t code, uint32_t payload) { return (code << 24) | payload; }

using test::read_wasm;

std::vector<uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }

struct HostStreams : ::testing::Test {
  Engine engine;
  std::optional<Store> store;
  std::optional<Instance> instance;

  // What the host's imports do; set by each test before the guest calls them.
  std::function<Result<void>(std::vector<Val>&)> make_stream;
  std::function<Result<void>(const Val&)> consume;
  std::function<Result<void>(std::vector<Val>&)> make_future;
  std::function<Result<void>(const Val&)> take_future;

  std::optional<StreamWriter> writer;
  std::optional<StreamReader> reader;
  std::optional<FutureWriter> future_writer;
  std::optional<FutureReader> future_reader;

  // What the host's copies' callbacks saw.
  std::vector<std::pair<CopyResult, uint32_t>> writes;
  std::vector<std::pair<CopyResult, std::vector<uint8_t>>> reads;

  void SetUp() override { fresh(); }
  void TearDown() override {
    drain();
    writer.reset();
    reader.reset();
    future_writer.reset();
    future_reader.reset();
    drain();
  }

  void fresh() {
    drain();
    writer.reset();
    reader.reset();
    instance.reset();
    store.emplace(engine);
    Linker linker(engine);
    auto host = linker.instance("host");
    ASSERT_TRUE(host);
    auto results_of = [](std::function<Result<void>(std::vector<Val>&)>& fn) {
      return [&fn](Store&, std::span<const Val>, std::vector<Val>& results) -> Result<void> { return fn(results); };
    };
    auto param_of = [](std::function<Result<void>(const Val&)>& fn) {
      return [&fn](Store&, std::span<const Val> params, std::vector<Val>&) -> Result<void> { return fn(params[0]); };
    };
    ASSERT_TRUE(host->func_new("make-stream", results_of(make_stream)));
    ASSERT_TRUE(host->func_new("consume", param_of(consume)));
    ASSERT_TRUE(host->func_new("make-future", results_of(make_future)));
    ASSERT_TRUE(host->func_new("take-future", param_of(take_future)));
    auto component = Component::compile(engine, read_wasm("host_streams.wasm"));
    ASSERT_TRUE(component) << component.error().message();
    auto made = linker.instantiate(*store, *component);
    ASSERT_TRUE(made) << made.error().message();
    instance = std::move(*made);
  }

  // Runs the host work the copies posted.
  static void drain() {
    while (EventLoop::current().run_once(false)) {}
  }

  Result<std::vector<Val>> call(const std::string& name, std::vector<Val> args = {}) {
    auto f = instance->get_func(name);
    EXPECT_TRUE(f) << name;
    if (!f) return Error(ErrorKind::Argument, "no export " + name);
    return f->call(*store, args);
  }

  uint32_t u32(const std::string& name, std::vector<Val> args = {}) {
    return test::one_u32(call(name, std::move(args)), name);
  }
  uint32_t u32(const std::string& name, uint32_t arg) { return u32(name, {Val(arg)}); }

  void expect_trap(const std::string& name, const std::string& says) {
    fresh();
    test::expect_trap_saying(call(name), name, says);
  }

  // make-stream: a new stream, its writer kept here, `offer` (if any) written at once.
  void host_makes_stream(std::optional<std::vector<uint8_t>> offer = std::nullopt) {
    make_stream = [this, offer](std::vector<Val>& results) -> Result<void> {
      auto pair = StreamPair::make(*store);
      if (!pair) return pair.error();
      writer = pair->writer;
      results.push_back(pair->guest_end);
      if (offer) return write(*offer);
      return {};
    };
  }
  Result<void> write(std::vector<uint8_t> bytes) {
    return writer->write_bytes(std::move(bytes), [this](CopyResult r, uint32_t n) { writes.emplace_back(r, n); });
  }

  // consume: the guest's stream taken here and, with `max`, read at once.
  void host_takes_stream(std::optional<uint32_t> max) {
    consume = [this, max](const Val& stream) -> Result<void> {
      auto taken = StreamReader::take(*store, stream);
      if (!taken) return taken.error();
      reader = *taken;
      if (max) return read(*max);
      return {};
    };
  }
  Result<void> read(uint32_t max) {
    return reader->read_bytes(max,
                              [this](CopyResult r, std::vector<uint8_t> b) { reads.emplace_back(r, std::move(b)); });
  }
};

TEST_F(HostStreams, GuestReadsTheHostsStreamPartiallyThenSeesItDropped) {
  host_makes_stream(std::vector<uint8_t>{1, 2, 3, 4, 5});
  const uint32_t r = u32("start");
  EXPECT_EQ(u32("read", 2u), copied(2)) << "the host's write was waiting: 2 of its 5 bytes";
  EXPECT_EQ(u32("byte", 0u), 1u);
  EXPECT_EQ(u32("byte", 1u), 2u);
  EXPECT_TRUE(writes.empty()) << "a guest's read ends the host's write from the EventLoop, not inside the built-in";
  drain();
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes[0], std::pair(CopyResult::Completed, 2u)) << "a partial write: the other 3 are the host's again";

  EXPECT_EQ(u32("read", 10u), kBlocked);
  ASSERT_TRUE(write({3, 4, 5}));
  ASSERT_EQ(writes.size(), 2u) << "the host's write met the guest's waiting read: done before write returned";
  EXPECT_EQ(writes[1], std::pair(CopyResult::Completed, 3u));
  EXPECT_EQ(u32("poll", r), event(kStreamRead, copied(3)));
  EXPECT_EQ(u32("byte", 0u), 3u);
  EXPECT_EQ(u32("byte", 2u), 5u);

  EXPECT_EQ(u32("read", 4u), kBlocked);
  writer->drop();
  EXPECT_EQ(u32("poll", r), event(kStreamRead, copied(0, kDropped)));
  EXPECT_TRUE(call("drop-reader"));
}

TEST_F(HostStreams, ReadAfterTheHostDroppedSaysDropped) {
  host_makes_stream();
  (void)u32("start");
  writer->drop();
  EXPECT_EQ(u32("read", 4u), copied(0, kDropped));
}

TEST_F(HostStreams, SyncReadWaitsForTheHostsLaterWrite) {
  make_stream = [this](std::vector<Val>& results) -> Result<void> {
    auto pair = StreamPair::make(*store);
    if (!pair) return pair.error();
    writer = pair->writer;
    results.push_back(pair->guest_end);
    EventLoop::current().post([this] { ASSERT_TRUE(write({7, 8})); });
    return {};
  };
  (void)u32("start");
  EXPECT_EQ(u32("read-sync", 4u), copied(2));
  EXPECT_EQ(u32("byte", 0u), 7u);
  EXPECT_EQ(writes, (std::vector{std::pair(CopyResult::Completed, 2u)}));
}

TEST_F(HostStreams, SyncReadNothingWillEndTraps) {
  host_makes_stream();
  (void)u32("start");
  auto r = call("read-sync", {Val(uint32_t{4})});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("would block"), std::string::npos) << r.error().message();
}

TEST_F(HostStreams, GuestCancelsItsReadOfTheHostsStream) {
  host_makes_stream();
  (void)u32("start");
  EXPECT_EQ(u32("read", 4u), kBlocked);
  EXPECT_EQ(u32("cancel-read"), copied(0, kCancelled));
  ASSERT_TRUE(write({1, 2}));
  EXPECT_TRUE(writes.empty()) << "no read waits now: the write waits";
  EXPECT_EQ(u32("read", 4u), copied(2));
  drain();
  EXPECT_EQ(writes, (std::vector{std::pair(CopyResult::Completed, 2u)}));
}

TEST_F(HostStreams, HostReadsBytesTheGuestWroteFirst) {
  host_takes_stream(5);
  EXPECT_EQ(u32("give", {Val(uint32_t{11}), Val(uint32_t{0})}), kBlocked) << "the write waits for a reader";
  ASSERT_EQ(reads.size(), 1u) << "the host's read met the waiting write: done before read_bytes returned";
  EXPECT_EQ(reads[0].first, CopyResult::Completed);
  EXPECT_EQ(reads[0].second, bytes_of("hello"));
  EXPECT_EQ(u32("poll", u32("writer")), event(kStreamWrite, copied(5))) << "the guest's write: 5 of 11 taken";
}

TEST_F(HostStreams, GuestWriteMeetsTheHostsWaitingRead) {
  host_takes_stream(100);
  EXPECT_EQ(u32("give", {Val(uint32_t{11}), Val(uint32_t{1})}), copied(11));
  EXPECT_TRUE(reads.empty());
  drain();
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0].second, bytes_of("hello world"));
}

TEST_F(HostStreams, HostCancelsItsReadThenDrops) {
  host_takes_stream(4);
  EXPECT_EQ(u32("give", {Val(uint32_t{0}), Val(uint32_t{2})}), 0u);
  ASSERT_TRUE(reads.empty());
  ASSERT_TRUE(reader->cancel());
  ASSERT_EQ(reads.size(), 1u) << "cancel ends the read before it returns";
  EXPECT_EQ(reads[0].first, CopyResult::Cancelled);
  EXPECT_TRUE(reads[0].second.empty());
  EXPECT_FALSE(reader->cancel()) << "nothing to cancel now";
  EXPECT_EQ(u32("write", 3u), kBlocked);
  reader->drop();
  EXPECT_EQ(u32("poll", u32("writer")), event(kStreamWrite, copied(0, kDropped)));
  drain();
  EXPECT_EQ(reads.size(), 1u);
}

TEST_F(HostStreams, HostMisuseIsAnArgumentError) {
  host_takes_stream(4);
  EXPECT_EQ(u32("give", {Val(uint32_t{0}), Val(uint32_t{2})}), 0u);
  auto second = read(4);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind(), ErrorKind::Argument);
  EXPECT_NE(second.error().message().find("already in progress"), std::string::npos) << second.error().message();
  reader->drop();
  auto after = read(1);
  ASSERT_FALSE(after);
  EXPECT_NE(after.error().message().find("was dropped"), std::string::npos) << after.error().message();
}

TEST_F(HostStreams, HostValuesMustFitTheStreamsElements) {
  host_makes_stream();
  (void)u32("start");  // the guest's type names the stream's elements: u8
  auto bad = writer->write({Val(uint8_t{1}), Val(uint32_t{2})}, [](CopyResult, uint32_t) {});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind(), ErrorKind::Argument);
  EXPECT_NE(bad.error().message().find("value 1 does not fit"), std::string::npos) << bad.error().message();
  uint32_t written = 0;
  ASSERT_TRUE(writer->write({Val(uint8_t{6})}, [&](CopyResult, uint32_t n) { written = n; }));
  EXPECT_EQ(u32("read", 4u), copied(1));
  EXPECT_EQ(u32("byte", 0u), 6u);
  drain();
  EXPECT_EQ(written, 1u);
}

TEST_F(HostStreams, ExportReturnsAStreamTheHostReads) {
  auto r = call("export-stream");
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_EQ(r->size(), 1u);
  ASSERT_TRUE((*r)[0].is<StreamHandle>());
  auto taken = StreamReader::take(*store, (*r)[0]);
  ASSERT_TRUE(taken) << taken.error().message();
  reader = *taken;
  ASSERT_TRUE(read(16));
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0].second, bytes_of("hello"));
  auto again = StreamReader::take(*store, (*r)[0]);
  ASSERT_FALSE(again) << "the Val was spent";
  EXPECT_EQ(again.error().kind(), ErrorKind::Argument);
}

TEST_F(HostStreams, ExportTakesAStreamTheHostWrites) {
  auto pair = StreamPair::make(*store);
  ASSERT_TRUE(pair);
  writer = pair->writer;
  ASSERT_TRUE(write({9, 8, 7}));
  EXPECT_EQ(u32("first-of", {pair->guest_end}), copied(3) | (9u << 16));
  drain();
  EXPECT_EQ(writes, (std::vector{std::pair(CopyResult::Completed, 3u)}));
  auto again = call("first-of", {pair->guest_end});
  ASSERT_FALSE(again) << "the end moved into the guest";
  EXPECT_EQ(again.error().kind(), ErrorKind::Argument);
  EXPECT_NE(again.error().message().find("holds no readable stream end"), std::string::npos) << again.error().message();
}

TEST_F(HostStreams, HostTakesTheEndItMade) {
  auto pair = StreamPair::make(*store);
  ASSERT_TRUE(pair);
  writer = pair->writer;
  auto taken = StreamReader::take(*store, pair->guest_end);
  ASSERT_TRUE(taken) << taken.error().message();
  reader = *taken;
  ASSERT_TRUE(read(2));
  ASSERT_TRUE(write({4, 5, 6}));
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes[0], std::pair(CopyResult::Completed, 2u));
  drain();
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0].second, (std::vector<uint8_t>{4, 5}));
}

TEST_F(HostStreams, HostWritesTheFutureTheGuestReads) {
  std::optional<CopyResult> written;
  make_future = [this](std::vector<Val>& results) -> Result<void> {
    auto pair = FuturePair::make(*store);
    if (!pair) return pair.error();
    future_writer = pair->writer;
    results.push_back(pair->guest_end);
    return {};
  };
  const uint32_t r = u32("start-future");
  EXPECT_EQ(u32("future-read"), kBlocked);
  ASSERT_TRUE(future_writer->write(Val(uint32_t{7}), [&](CopyResult c) { written = c; }));
  EXPECT_EQ(written, CopyResult::Completed);
  EXPECT_EQ(u32("poll", r), event(kFutureRead, 0));
  EXPECT_EQ(u32("future-value"), 7u);
  EXPECT_FALSE(future_writer->write(Val(uint32_t{8}), [](CopyResult) {})) << "a future has one value";
}

TEST_F(HostStreams, GuestReadsTheFutureTheHostWroteFirst) {
  std::optional<CopyResult> written;
  make_future = [&](std::vector<Val>& results) -> Result<void> {
    auto pair = FuturePair::make(*store);
    if (!pair) return pair.error();
    future_writer = pair->writer;
    results.push_back(pair->guest_end);
    return future_writer->write(Val(uint32_t{11}), [&](CopyResult c) { written = c; });
  };
  (void)u32("start-future");
  EXPECT_EQ(u32("future-read"), 0u);
  EXPECT_EQ(u32("future-value"), 11u);
  EXPECT_FALSE(written);
  drain();
  EXPECT_EQ(written, CopyResult::Completed);
}

TEST_F(HostStreams, HostReadsTheFutureTheGuestWrote) {
  std::optional<std::pair<CopyResult, std::optional<Val>>> got;
  take_future = [&](const Val& f) -> Result<void> {
    auto taken = FutureReader::take(*store, f);
    if (!taken) return taken.error();
    future_reader = *taken;
    return future_reader->read([&](CopyResult r, std::optional<Val> v) { got.emplace(r, std::move(v)); });
  };
  EXPECT_EQ(u32("give-future", 9u), kBlocked);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->first, CopyResult::Completed);
  ASSERT_TRUE(got->second);
  EXPECT_EQ(*got->second, Val(uint32_t{9}));
  EXPECT_EQ(u32("poll", u32("writer")), event(kFutureWrite, 0));
}

TEST_F(HostStreams, PassingAnEndThatCannotMoveTraps) {
  host_takes_stream(std::nullopt);
  expect_trap("pass-copying", "a copy on it is in progress");
  expect_trap("pass-joined", "joined to a waitable set");
  expect_trap("pass-wrong-type", "a stream of `u32` elements used as one of `u8` elements");
  expect_trap("use-moved", "handle index");
}

TEST_F(HostStreams, BuiltinOnAnEndOfAnotherElementTypeTraps) {
  expect_trap("read-wrong-type", "a stream of `u32` elements used as one of `u8` elements");
}

}  // namespace
}  // namespace stratus::component

namespace stratus::component {
namespace {

TEST_F(HostStreams, EndsTheHostHoldsOutliveTheStoreAndSeeItsEndsDropped) {
  host_takes_stream(8);
  EXPECT_EQ(u32("give", {Val(uint32_t{0}), Val(uint32_t{2})}), 0u);  // the host's read waits
  auto pair = StreamPair::make(*store);
  ASSERT_TRUE(pair);
  writer = pair->writer;
  EXPECT_EQ(u32("first-of", {pair->guest_end}), kBlocked);  // the guest's read waits
  ASSERT_TRUE(write({}));
  instance.reset();
  store.reset();
  drain();
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0].first, CopyResult::Dropped) << "the guest's writer went with its Store";
  ASSERT_EQ(writes.size(), 1u) << "the zero-length write met the waiting read before the Store ended";
  ASSERT_TRUE(write({1}));
  ASSERT_EQ(writes.size(), 2u);
  EXPECT_EQ(writes[1].first, CopyResult::Dropped) << "the guest's reader went with its Store";
  EXPECT_FALSE(write({1})) << "the stream is done";
}

}  // namespace
}  // namespace stratus::component

namespace stratus::component {
namespace {

TEST_F(HostStreams, HostReadsValuesOfAGuestStream) {
  std::vector<Val> got;
  consume = [&](const Val& stream) -> Result<void> {
    auto taken = StreamReader::take(*store, stream);
    if (!taken) return taken.error();
    reader = *taken;
    return reader->read(3, [&](CopyResult, std::vector<Val> vs) { got = std::move(vs); });
  };
  EXPECT_EQ(u32("give", {Val(uint32_t{11}), Val(uint32_t{0})}), kBlocked);
  EXPECT_EQ(got, (std::vector<Val>{Val(uint8_t{'h'}), Val(uint8_t{'e'}), Val(uint8_t{'l'})}));
}

TEST_F(HostStreams, HostDroppingAnUnwrittenFutureTellsTheWaitingGuestDropped) {
  make_future = [this](std::vector<Val>& results) -> Result<void> {
    auto pair = FuturePair::make(*store);
    if (!pair) return pair.error();
    future_writer = pair->writer;
    results.push_back(pair->guest_end);
    return {};
  };
  const uint32_t r = u32("start-future");
  EXPECT_EQ(u32("future-read"), kBlocked);
  future_writer->drop();
  EXPECT_EQ(u32("poll", r), event(kFutureRead, kDropped));
}

}  // namespace
}  // namespace stratus::component

namespace stratus::component {
namespace {

TEST_F(HostStreams, HostValuesOfferedBeforeTheTypeWasKnownTrapTheGuestsCopyWhenTheyDoNotFit) {
  auto pair = StreamPair::make(*store);
  ASSERT_TRUE(pair);
  writer = pair->writer;
  ASSERT_TRUE(writer->write({Val(uint32_t{300})}, [](CopyResult, uint32_t) {})) << "no type names the stream yet";
  auto r = call("first-of", {pair->guest_end});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Trap) << r.error().message();
  EXPECT_NE(r.error().message().find("expected a `u8` value, found a `u32`"), std::string::npos) << r.error().message();
}

}  // namespace
}  // namespace stratus::component
