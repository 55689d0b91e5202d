// fill_random serves small requests from a per-thread block of the kernel's output: each
// byte may be handed out once only, also across fork.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <set>
#include <span>

#include "wasi/clocks.hpp"

namespace stratus::wasi {
namespace {

TEST(Random, SmallRequestsNeverRepeat) {
  // 2,000 requests of 24 bytes span several blocks; a repeat of 24 random bytes would mean a
  // byte range was served twice.
  std::set<std::array<uint8_t, 24>> seen;
  for (int i = 0; i < 2000; ++i) {
    std::array<uint8_t, 24> bytes{};
    ASSERT_TRUE(fill_random(bytes));
    EXPECT_TRUE(seen.insert(bytes).second) << "request " << i << " repeated an earlier one";
  }
}

TEST(Random, AnEmptyRequestTouchesNothing) {
  EXPECT_TRUE(fill_random(std::span<uint8_t>()));  // null data: nothing may be copied to it
  std::array<uint8_t, 24> after{};
  ASSERT_TRUE(fill_random(after));
}

TEST(Random, LargeRequestsAreFilled) {
  std::array<uint8_t, 4096> bytes{};
  ASSERT_TRUE(fill_random(bytes));
  size_t zeros = 0;
  for (uint8_t b : bytes) zeros += b == 0;
  EXPECT_LT(zeros, 100u);  // about 16 expected from random bytes
}

TEST(Random, AForkedChildDoesNotReplayItsParentsBytes) {
  std::array<uint8_t, 16> warm{};
  ASSERT_TRUE(fill_random(warm));  // the block is filled and partly used
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::array<uint8_t, 16> mine{};
    bool ok = fill_random(mine);
    ssize_t n = ok ? write(fds[1], mine.data(), mine.size()) : -1;
    _exit(n == static_cast<ssize_t>(mine.size()) ? 0 : 1);
  }
  close(fds[1]);
  std::array<uint8_t, 16> from_child{};
  ASSERT_EQ(read(fds[0], from_child.data(), from_child.size()), static_cast<ssize_t>(from_child.size()));
  close(fds[0]);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::array<uint8_t, 16> parent_next{};
  ASSERT_TRUE(fill_random(parent_next));
  EXPECT_NE(from_child, parent_next) << "the child handed out the bytes its parent hands out next";
}

}  // namespace
}  // namespace stratus::wasi
