// SharedStdio: contexts made from one adoption borrow its descriptors, so a guest closing its
// stdout never closes another context's, nor the host's.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "wasi/ctx.hpp"

namespace stratus::wasi {
namespace {

bool is_open(int fd) { return fcntl(fd, F_GETFD) != -1; }

WasiConfig config_with(std::shared_ptr<const SharedStdio> stdio) {
  WasiConfig c;
  c.shared_stdio = std::move(stdio);
  return c;
}

TEST(SharedStdio, ContextsBorrowOneAdoptionAndAGuestCloseForgetsOnlyItsOwn) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  auto stdio = SharedStdio::adopt(-1, pipe_fds[1], -1);
  auto a = WasiCtx::create(config_with(stdio));
  auto b = WasiCtx::create(config_with(stdio));
  ASSERT_TRUE(a && b);
  EXPECT_EQ((*a)->fds().get(0), nullptr);  // -1: EBADF for the guest
  ASSERT_NE((*a)->fds().get(1), nullptr);
  ASSERT_NE((*b)->fds().get(1), nullptr);
  const int shared = (*a)->fds().get(1)->host.get();
  EXPECT_EQ((*b)->fds().get(1)->host.get(), shared) << "the second context duplicated again";
  EXPECT_NE(shared, pipe_fds[1]) << "the host's own descriptor is not handed out";

  EXPECT_EQ((*a)->fds().close(1), Errno::Success);
  EXPECT_TRUE(is_open(shared)) << "a guest's fd_close closed the shared descriptor";
  ASSERT_EQ(write((*b)->fds().get(1)->host.get(), "x", 1), 1);
  char c = 0;
  ASSERT_EQ(read(pipe_fds[0], &c, 1), 1);
  EXPECT_EQ(c, 'x');

  a->reset();
  b->reset();
  EXPECT_TRUE(is_open(shared)) << "closed while `stdio` still holds it";
  stdio.reset();
  EXPECT_FALSE(is_open(shared)) << "the last holder did not close it";
  EXPECT_TRUE(is_open(pipe_fds[1])) << "the host's own descriptor was closed";
  close(pipe_fds[0]);
  close(pipe_fds[1]);
}

TEST(SharedStdio, AContextKeepsItsAdoptionAlive) {
  auto stdio = SharedStdio::adopt(-1, 1, 2);
  auto ctx = WasiCtx::create(config_with(stdio));
  ASSERT_TRUE(ctx);
  const int fd = (*ctx)->fds().get(2)->host.get();
  stdio.reset();
  EXPECT_TRUE(is_open(fd)) << "the context's stderr died with the caller's handle";
  ctx->reset();
  EXPECT_FALSE(is_open(fd));
}

}  // namespace
}  // namespace stratus::wasi
