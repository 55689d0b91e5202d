// The bodies: an outgoing body written before and after response-outparam.set, its
// Content-Length, and future-trailers draining an incoming body.
#include <gtest/gtest.h>

#include "memory_exchange.hpp"
#include "stratus/engine.hpp"
#include "stratus/store.hpp"
#include "wasi/http/body.hpp"
#include "wasi/http/error_code.hpp"

namespace stratus::wasi::http {
namespace {

using testing::MemoryIncomingBody;
using testing::MemoryResponseSink;

std::span<const uint8_t> bytes(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

struct BodyTest : ::testing::Test {
  Engine engine;
  Store store{engine};
};

TEST_F(BodyTest, BytesWrittenBeforeSetWaitThenReachTheSink) {
  OutgoingBodyChannel channel;
  ASSERT_EQ(*channel.check_write(), p2::kOutputBudget);
  ASSERT_TRUE(channel.write(bytes("hello ")));
  EXPECT_EQ(*channel.check_write(), p2::kOutputBudget - 6);
  auto sink = std::make_shared<MemoryResponseSink>(4);  // 4 bytes per check-write: pending drains in pieces
  ASSERT_TRUE(sink->start(200, {}));
  ASSERT_TRUE(channel.bind(store, sink));
  EXPECT_EQ(sink->body, "hello ");
  ASSERT_EQ(*channel.check_write(), 4u);
  EXPECT_FALSE(channel.write(bytes("world")));  // past the sink's permit
  ASSERT_TRUE(channel.write(bytes("wor")));
  auto finished = channel.finish(store, FieldList{{"x-checksum", "1"}});
  ASSERT_TRUE(finished);
  EXPECT_FALSE(finished->has_value());
  EXPECT_TRUE(sink->finished);
  EXPECT_EQ(sink->body, "hello wor");
  ASSERT_TRUE(sink->trailers);
  EXPECT_EQ(sink->trailers->front().first, "x-checksum");
  EXPECT_FALSE(channel.write(bytes("x")));  // closed after finish
}

TEST_F(BodyTest, FinishBeforeSetIsSentAtSet) {
  OutgoingBodyChannel channel;
  ASSERT_TRUE(channel.write(bytes("early")));
  ASSERT_TRUE(channel.finish(store, std::nullopt));
  auto sink = std::make_shared<MemoryResponseSink>();
  ASSERT_TRUE(sink->start(201, {}));
  ASSERT_TRUE(channel.bind(store, sink));
  EXPECT_TRUE(sink->finished);
  EXPECT_EQ(sink->body, "early");
}

TEST_F(BodyTest, PendingBytesAreBounded) {
  OutgoingBodyChannel channel;
  const std::string big(p2::kOutputBudget, 'x');
  ASSERT_TRUE(channel.write(bytes(big)));
  EXPECT_EQ(*channel.check_write(), 0u);
  EXPECT_FALSE(channel.write(bytes("y")));
}

TEST_F(BodyTest, ContentLengthIsHeldTo) {
  OutgoingBodyChannel longer;
  longer.set_content_length(3);
  EXPECT_FALSE(longer.write(bytes("four")));
  ASSERT_TRUE(longer.write(bytes("abc")));
  auto ok = longer.finish(store, std::nullopt);
  ASSERT_TRUE(ok);
  EXPECT_FALSE(ok->has_value());

  OutgoingBodyChannel shorter;
  shorter.set_content_length(10);
  ASSERT_TRUE(shorter.write(bytes("abc")));
  auto short_finish = shorter.finish(store, std::nullopt);
  ASSERT_TRUE(short_finish);
  ASSERT_TRUE(short_finish->has_value());
  EXPECT_EQ(describe(**short_finish), "HTTP-response-body-size: 3");
  EXPECT_EQ(shorter.state(), OutgoingBodyChannel::State::Abandoned);
}

TEST_F(BodyTest, AbandonedBodyIsNotFinished) {
  auto channel = std::make_shared<OutgoingBodyChannel>();
  { OutgoingBodyObject body(channel); }
  EXPECT_EQ(channel->state(), OutgoingBodyChannel::State::Abandoned);
}

TEST_F(BodyTest, FutureTrailersDrainTheRestOfTheBody) {
  auto body = std::make_shared<MemoryIncomingBody>(std::deque<std::string>(40, std::string(1000, 'b')),
                                                   FieldList{{"x-trailer", "t"}});
  IncomingBodyStream stream(body);
  auto first = stream.read(10);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->size(), 10u);
  FutureTrailersObject future(body);
  // 40 chunks take more than one look (each look reads at most a few chunks).
  std::optional<std::variant<std::optional<FieldList>, WitErrorCode>> outcome;
  int looks = 0;
  while (!(outcome = future.settle())) ++looks;
  EXPECT_GT(looks, 0);
  ASSERT_EQ(outcome->index(), 0u);
  ASSERT_TRUE(std::get<0>(*outcome));
  EXPECT_EQ(std::get<0>(*outcome)->front().second, "t");
  EXPECT_TRUE(std::holds_alternative<p2::ReadyNow>(future.target()));
}

TEST_F(BodyTest, FutureTrailersReportABrokenBody) {
  auto body = std::make_shared<MemoryIncomingBody>(std::deque<std::string>{"a", "b"});
  body->fail_after_chunks_ = 1;
  FutureTrailersObject future(body);
  auto outcome = future.settle();
  ASSERT_TRUE(outcome);
  ASSERT_EQ(outcome->index(), 1u);
  EXPECT_NE(describe(std::get<1>(*outcome)).find("the client went away"), std::string::npos);
}

}  // namespace
}  // namespace stratus::wasi::http
