#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "wasi/p2/wasi_p2.hpp"

namespace stratus::wasi::p2 {
namespace {

TEST(WasiP2Ctx, SplitsTheEnvironmentAtTheFirstEquals) {
  WasiP2Config config;
  config.args = {"prog", "a b"};
  config.env = {"A=1", "B=x=y", "C="};
  auto ctx = WasiP2Ctx::create(config);
  ASSERT_TRUE(ctx) << ctx.error().message();
  EXPECT_EQ((*ctx)->args(), config.args);
  using Pair = std::pair<std::string, std::string>;
  EXPECT_EQ((*ctx)->environment(), (std::vector<Pair>{{"A", "1"}, {"B", "x=y"}, {"C", ""}}));
}

TEST(WasiP2Ctx, OpensPreopensInOrderWithTheirFlags) {
  char a[] = "/tmp/p2ctx-a-XXXXXX";
  char b[] = "/tmp/p2ctx-b-XXXXXX";
  ASSERT_NE(::mkdtemp(a), nullptr);
  ASSERT_NE(::mkdtemp(b), nullptr);
  WasiP2Config config;
  config.preopens = {{a, "/data", false}, {b, "ro", true}};
  auto ctx = WasiP2Ctx::create(config);
  ASSERT_TRUE(ctx) << ctx.error().message();
  const auto& preopens = (*ctx)->preopens();
  ASSERT_EQ(preopens.size(), 2u);
  EXPECT_EQ(preopens[0].guest_path, "/data");
  EXPECT_FALSE(preopens[0].read_only);
  EXPECT_EQ(preopens[1].guest_path, "ro");
  EXPECT_TRUE(preopens[1].read_only);
  struct stat st{};
  ASSERT_EQ(::fstat(preopens[1].dir_fd, &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  ::rmdir(a);
  ::rmdir(b);
}

TEST(WasiP2Ctx, AMissingPreopenIsAnIoErrorNamingIt) {
  WasiP2Config config;
  config.preopens = {{"/nonexistent/p2ctx", "x", false}};
  auto ctx = WasiP2Ctx::create(config);
  ASSERT_FALSE(ctx);
  EXPECT_EQ(ctx.error().kind(), ErrorKind::Io);
  EXPECT_NE(ctx.error().message().find("/nonexistent/p2ctx"), std::string::npos);
}

TEST(WasiP2Ctx, StdioIsDuplicatedAndAbsentIsMinusOne) {
  WasiP2Config config;
  config.stdin_fd = -1;
  auto ctx = WasiP2Ctx::create(config);
  ASSERT_TRUE(ctx);
  EXPECT_EQ((*ctx)->stdin_fd(), -1);
  EXPECT_GE((*ctx)->stdout_fd(), 0);
  EXPECT_NE((*ctx)->stdout_fd(), 1);  // a duplicate: the guest never closes the host's
}

TEST(WasiP2Ctx, TheInsecureSeedStaysTheSameAndTheGeneratorMoves) {
  auto ctx = WasiP2Ctx::create({});
  ASSERT_TRUE(ctx);
  EXPECT_EQ((*ctx)->insecure_seed(), (*ctx)->insecure_seed());
  const uint64_t first = (*ctx)->next_insecure_u64();
  EXPECT_NE(first, (*ctx)->next_insecure_u64());
}

}  // namespace
}  // namespace stratus::wasi::p2
