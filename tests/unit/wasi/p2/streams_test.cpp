#include "wasi/p2/streams.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace stratus::wasi::p2 {
namespace {

struct Pipe {
  UniqueFd read_end, write_end;
  Pipe() {
    int fds[2];
    EXPECT_EQ(::pipe2(fds, O_CLOEXEC), 0);
    read_end.reset(fds[0]);
    write_end.reset(fds[1]);
  }
};

std::vector<uint8_t> bytes(const std::string& s) { return {s.begin(), s.end()}; }

TEST(FdInputStream, ReadNeverBlocksOnAnEmptyPipe) {
  Pipe p;  // blocking fds: a read(2) would hang
  FdInputStream in(p.read_end.get());
  auto r = in.read(100);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->empty());
}

TEST(FdInputStream, ReadsWhatIsThereThenReportsClosed) {
  Pipe p;
  FdInputStream in(p.read_end.get());
  ASSERT_EQ(::write(p.write_end.get(), "hello", 5), 5);
  auto r = in.read(3);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, bytes("hel"));
  p.write_end.reset();
  auto rest = in.read(100);
  ASSERT_TRUE(rest);
  EXPECT_EQ(*rest, bytes("lo"));
  auto end = in.read(100);
  ASSERT_FALSE(end);
  EXPECT_EQ(end.error().kind, StreamError::Kind::Closed);
}

TEST(FdInputStream, AHugeReadAllocatesAtMostTheCap) {
  Pipe p;
  ASSERT_EQ(::fcntl(p.write_end.get(), F_SETFL, O_NONBLOCK), 0);
  std::vector<uint8_t> big(kMaxReadBytes * 2, 'x');
  size_t put = 0;
  while (put < big.size()) {
    ssize_t n = ::write(p.write_end.get(), big.data() + put, big.size() - put);
    if (n <= 0) break;
    put += static_cast<size_t>(n);
  }
  ASSERT_GT(put, 0u);
  FdInputStream in(p.read_end.get());
  auto r = in.read(UINT64_MAX);
  ASSERT_TRUE(r);
  EXPECT_LE(r->size(), kMaxReadBytes);
  EXPECT_GT(r->size(), 0u);
}

TEST(FdInputStream, ReadinessIsTheFdBecomingReadable) {
  Pipe p;
  FdInputStream in(p.read_end.get());
  auto target = in.readiness();
  ASSERT_TRUE(std::holds_alternative<FdReadiness>(target));
  EXPECT_EQ(std::get<FdReadiness>(target).fd, p.read_end.get());
}

TEST(FdOutputStream, WritesGoStraightThrough) {
  Pipe p;
  FdOutputStream out(p.write_end.get());
  auto permitted = out.check_write();
  ASSERT_TRUE(permitted);
  EXPECT_EQ(*permitted, kOutputBudget);
  ASSERT_TRUE(out.write(bytes("hi there")));
  ASSERT_TRUE(out.flush());
  char buf[16] = {};
  EXPECT_EQ(::read(p.read_end.get(), buf, sizeof buf), 8);
  EXPECT_EQ(std::string(buf, 8), "hi there");
  EXPECT_TRUE(std::holds_alternative<ReadyNow>(out.readiness()));
}

TEST(FdOutputStream, AWritePastTheBudgetFailsAndWritesNothing) {
  Pipe p;
  ASSERT_EQ(::fcntl(p.read_end.get(), F_SETFL, O_NONBLOCK), 0);
  FdOutputStream out(p.write_end.get());
  std::vector<uint8_t> big(kOutputBudget + 1, 'x');
  auto r = out.write(big);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, StreamError::Kind::LastOperationFailed);
  EXPECT_NE(r.error().message.find("check-write"), std::string::npos);
  char c;
  EXPECT_EQ(::read(p.read_end.get(), &c, 1), -1);  // nothing reached the pipe
  EXPECT_TRUE(out.check_write());                  // and the stream still works
}

TEST(FdOutputStream, AFullNonBlockingPipeHoldsAtMostTheBudgetAndSaysWait) {
  Pipe p;
  ASSERT_EQ(::fcntl(p.write_end.get(), F_SETFL, O_NONBLOCK), 0);
  ASSERT_GT(::fcntl(p.write_end.get(), F_SETPIPE_SZ, 4096), 0);
  FdOutputStream out(p.write_end.get());
  std::vector<uint8_t> chunk(kOutputBudget, 'y');
  ASSERT_TRUE(out.write(chunk));  // the pipe takes a page, the stream holds the rest
  auto permitted = out.check_write();
  ASSERT_TRUE(permitted);
  EXPECT_EQ(*permitted, 0u);  // back-pressure: nothing more until the pipe drains
  auto more = out.write(bytes("z"));
  ASSERT_FALSE(more);
  EXPECT_EQ(more.error().kind, StreamError::Kind::LastOperationFailed);
  auto target = out.readiness();
  ASSERT_TRUE(std::holds_alternative<FdReadiness>(target));
  EXPECT_EQ(std::get<FdReadiness>(target).fd, p.write_end.get());

  // The reader catches up: the held bytes go out and the budget comes back.
  std::vector<uint8_t> got;
  char buf[8192];
  for (int i = 0; i < 10000 && got.size() < chunk.size(); ++i) {
    ssize_t n = ::read(p.read_end.get(), buf, sizeof buf);
    if (n > 0) got.insert(got.end(), buf, buf + n);
    (void)out.flush();
  }
  EXPECT_EQ(got, chunk);
  auto again = out.check_write();
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, kOutputBudget);
  EXPECT_TRUE(std::holds_alternative<ReadyNow>(out.readiness()));
}

TEST(FdOutputStream, AClosedReaderIsClosed) {
  ::signal(SIGPIPE, SIG_IGN);
  Pipe p;
  p.read_end.reset();
  FdOutputStream out(p.write_end.get());
  ASSERT_TRUE(out.write(bytes("lost")));  // the failure belongs to the next call
  auto r = out.check_write();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, StreamError::Kind::Closed);
  EXPECT_FALSE(out.write(bytes("x")));
}

TEST(MemoryStreams, InputGivesItsBytesThenTheEnd) {
  MemoryInputStream in(bytes("abcdef"));
  EXPECT_EQ(*in.read(4), bytes("abcd"));
  auto skipped = in.skip(10);
  ASSERT_TRUE(skipped);
  EXPECT_EQ(*skipped, 2u);
  auto end = in.read(1);
  ASSERT_FALSE(end);
  EXPECT_EQ(end.error().kind, StreamError::Kind::Closed);
}

TEST(MemoryStreams, OutputStopsAtItsCapacity) {
  auto sink = std::make_shared<MemoryOutputStream::Sink>();
  sink->capacity = 5;
  MemoryOutputStream out(sink);
  EXPECT_EQ(*out.check_write(), 5u);
  ASSERT_TRUE(out.write(bytes("abc")));
  EXPECT_EQ(*out.check_write(), 2u);
  auto over = out.write(bytes("xyz"));
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().kind, StreamError::Kind::LastOperationFailed);
  ASSERT_TRUE(out.write(bytes("de")));
  EXPECT_FALSE(out.check_write());
  EXPECT_EQ(sink->bytes, bytes("abcde"));
}

}  // namespace
}  // namespace stratus::wasi::p2
