// The pumps between WASI 0.2's host streams and the host's stream ends (stream_pump.hpp),
// with the test holding the other end itself: bytes arrive whole and in order, the host holds
// at most one chunk however much a guest sends or however little it reads, and a failing
// sink ends the pump with its error and refuses the writer.
#include "wasi/p3/stream_pump.hpp"

#include <memory>
#include <optional>
#include <vector>

#include <gtest/gtest.h>

#include "stratus/component/async.hpp"
#include "stratus/store.hpp"
#include "wasi/p2/streams.hpp"

namespace stratus::wasi::p3 {
namespace {

using component::CopyResult;
using component::EventLoop;
using component::StreamPair;
using component::StreamReader;

std::vector<uint8_t> pattern(size_t n) {
  std::vector<uint8_t> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(i * 7 + i / 251);
  return out;
}

// A source that counts what the pump took from it.
class CountingInput final : public p2::InputStream {
 public:
  explicit CountingInput(std::vector<uint8_t> bytes, std::shared_ptr<size_t> taken)
      : inner_(std::move(bytes)), taken_(std::move(taken)) {}
  p2::StreamResult<std::vector<uint8_t>> read(uint64_t len) override {
    auto r = inner_.read(len);
    if (r) *taken_ += r->size();
    return r;
  }
  p2::PollTarget readiness() override { return p2::ReadyNow{}; }

 private:
  p2::MemoryInputStream inner_;
  std::shared_ptr<size_t> taken_;
};

struct StreamPumpTest : ::testing::Test {
  Engine engine;
  Store store{engine};
  std::optional<std::optional<p2::StreamError>> ended;

  PumpDone on_end() {
    return [this](std::optional<p2::StreamError> e) {
      EXPECT_FALSE(ended) << "done runs once";
      ended = std::move(e);
    };
  }
  static void drain() {
    while (EventLoop::current().run_once(false)) {}
  }
};

TEST_F(StreamPumpTest, ToGuestReadsOnlyAsTheReaderTakes) {
  const auto data = pattern(3 * p2::kMaxReadBytes + 5);
  auto taken = std::make_shared<size_t>(0);
  auto pair = StreamPair::make(store);
  ASSERT_TRUE(pair) << pair.error().message();
  auto reader = StreamReader::take(store, pair->guest_end);
  ASSERT_TRUE(reader) << reader.error().message();
  pump_to_guest(std::make_unique<CountingInput>(data, taken), pair->writer, on_end());
  drain();
  EXPECT_EQ(*taken, 0u) << "nothing is read before a reader comes";

  std::vector<uint8_t> got;
  std::optional<CopyResult> last;
  while (last != CopyResult::Dropped) {
    bool copied = false;
    ASSERT_TRUE(reader->read_bytes(1000, [&](CopyResult r, std::vector<uint8_t> b) {
      got.insert(got.end(), b.begin(), b.end());
      last = r;
      copied = true;
    }));
    while (!copied && EventLoop::current().run_once(false)) {}
    ASSERT_TRUE(copied);
    drain();
    // The pump holds at most one chunk beyond what the reader took.
    EXPECT_LE(*taken, got.size() + p2::kMaxReadBytes);
  }
  EXPECT_EQ(got, data);
  ASSERT_TRUE(ended);
  EXPECT_FALSE(*ended) << "the source's end is a clean end";
  EXPECT_EQ(last, CopyResult::Dropped) << "the writer is dropped at the end";
}

TEST_F(StreamPumpTest, ToGuestEndsCleanlyWhenTheReaderGoes) {
  auto taken = std::make_shared<size_t>(0);
  auto pair = StreamPair::make(store);
  ASSERT_TRUE(pair);
  auto reader = StreamReader::take(store, pair->guest_end);
  ASSERT_TRUE(reader);
  pump_to_guest(std::make_unique<CountingInput>(pattern(1 << 20), taken), pair->writer, on_end());
  bool copied = false;
  ASSERT_TRUE(reader->read_bytes(10, [&](CopyResult, std::vector<uint8_t> b) {
    EXPECT_LE(b.size(), 10u);
    copied = true;
  }));
  drain();
  ASSERT_TRUE(copied);
  reader->drop();
  drain();
  ASSERT_TRUE(ended);
  EXPECT_FALSE(*ended);
  EXPECT_LE(*taken, p2::kMaxReadBytes);
}

TEST_F(StreamPumpTest, FromGuestTakesAChunkAtATime) {
  const auto data = pattern(1 << 20);
  auto sink = std::make_shared<p2::MemoryOutputStream::Sink>();
  auto pair = StreamPair::make(store);
  ASSERT_TRUE(pair);
  auto reader = StreamReader::take(store, pair->guest_end);
  ASSERT_TRUE(reader);
  pump_from_guest(*reader, std::make_unique<p2::MemoryOutputStream>(sink), on_end());
  size_t offered = 0;
  while (offered < data.size()) {
    std::optional<uint32_t> written;
    std::vector<uint8_t> rest(data.begin() + static_cast<std::ptrdiff_t>(offered), data.end());
    ASSERT_TRUE(pair->writer.write_bytes(std::move(rest), [&](CopyResult r, uint32_t n) {
      EXPECT_EQ(r, CopyResult::Completed);
      written = n;
    }));
    drain();
    ASSERT_TRUE(written);
    ASSERT_GT(*written, 0u);
    EXPECT_LE(*written, p2::kOutputBudget) << "one copy moves at most the output budget";
    offered += *written;
    EXPECT_EQ(sink->bytes.size(), offered) << "what the pump took is written before it takes more";
  }
  EXPECT_FALSE(ended);
  pair->writer.drop();
  drain();
  ASSERT_TRUE(ended);
  EXPECT_FALSE(*ended);
  EXPECT_EQ(sink->bytes, data);
}

TEST_F(StreamPumpTest, FromGuestStopsAtTheSinksFailure) {
  auto sink = std::make_shared<p2::MemoryOutputStream::Sink>();
  sink->capacity = 4;
  auto pair = StreamPair::make(store);
  ASSERT_TRUE(pair);
  auto reader = StreamReader::take(store, pair->guest_end);
  ASSERT_TRUE(reader);
  pump_from_guest(*reader, std::make_unique<p2::MemoryOutputStream>(sink), on_end());
  std::vector<std::pair<CopyResult, uint32_t>> writes;
  auto record = [&](CopyResult r, uint32_t n) { writes.emplace_back(r, n); };
  ASSERT_TRUE(pair->writer.write_bytes({1, 2, 3, 4, 5, 6, 7, 8}, record));
  drain();
  ASSERT_TRUE(ended);
  ASSERT_TRUE(*ended) << "a sink's failure is the pump's";
  ASSERT_TRUE(pair->writer.write_bytes({9}, record));
  drain();
  ASSERT_EQ(writes.size(), 2u);
  EXPECT_EQ(writes[1].first, CopyResult::Dropped) << "the pump dropped its reader";
}

}  // namespace
}  // namespace stratus::wasi::p3
