#include <gtest/gtest.h>

#include "cli/run_options.hpp"

namespace stratus::cli {
namespace {

TEST(WasiFlags, DefaultIsNoNetwork) {
  wasi::p2::NetworkPolicy policy;
  EXPECT_FALSE(policy.inherit_network);
  EXPECT_FALSE(policy.allow_ip_name_lookup);
  EXPECT_TRUE(policy.tcp);
  EXPECT_TRUE(policy.udp);
}

TEST(WasiFlags, BareNamesTurnOnAndValuesSetBothWays) {
  wasi::p2::NetworkPolicy policy;
  ASSERT_TRUE(apply_wasi_flags("inherit-network", policy));
  EXPECT_TRUE(policy.inherit_network);
  ASSERT_TRUE(apply_wasi_flags("allow-ip-name-lookup=y,tcp=n", policy));
  EXPECT_TRUE(policy.allow_ip_name_lookup);
  EXPECT_FALSE(policy.tcp);
  ASSERT_TRUE(apply_wasi_flags("udp=false", policy));
  EXPECT_FALSE(policy.udp);
  ASSERT_TRUE(apply_wasi_flags("tcp=yes,inherit-network=0", policy));
  EXPECT_TRUE(policy.tcp);
  EXPECT_FALSE(policy.inherit_network);
}

TEST(WasiFlags, RunSendsNoHttpRequestsUntilDashSHttpGrantsThem) {
  RunOptions options;
  EXPECT_FALSE(options.network.outgoing_http);
  ASSERT_TRUE(apply_wasi_flags("http", options.network));
  EXPECT_TRUE(options.network.outgoing_http);
  ASSERT_TRUE(apply_wasi_flags("http=n", options.network));
  EXPECT_FALSE(options.network.outgoing_http);
}

TEST(WasiFlags, UnknownNamesAndValuesAreArgumentErrors) {
  wasi::p2::NetworkPolicy policy;
  auto unknown = apply_wasi_flags("tcp,keyvalue", policy);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind(), ErrorKind::Argument);
  EXPECT_NE(unknown.error().message().find("keyvalue"), std::string::npos);
  auto bad = apply_wasi_flags("udp=maybe", policy);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("y or n"), std::string::npos);
}

TEST(WasiFlags, DashSTakesTheNextWordAsItsValue) {
  const std::vector<std::string_view> words = {"-S", "inherit-network", "prog.wasm", "-S"};
  auto split = split_run_args(words, {"--dir", "-S"});
  EXPECT_EQ(split.ours, (std::vector<std::string>{"-S", "inherit-network", "prog.wasm"}));
  EXPECT_EQ(std::vector<std::string_view>(split.guest.begin(), split.guest.end()), std::vector<std::string_view>{"-S"});
}

TEST(SplitRunArgs, CollectedValuesAreSetAsideInOrder) {
  const std::vector<std::string_view> words = {"--env=A=1", "--dir",  "d",         "--env",
                                               "B",         "--envy", "prog.wasm", "--env=C"};
  auto split = split_run_args(words, {"--dir", "--env"}, "--env");
  EXPECT_EQ(split.collected, (std::vector<std::string_view>{"A=1", "B"}));
  EXPECT_EQ(split.ours, (std::vector<std::string>{"--dir", "d", "--envy", "prog.wasm"}));
  EXPECT_EQ(std::vector<std::string_view>(split.guest.begin(), split.guest.end()),
            std::vector<std::string_view>{"--env=C"});
}

TEST(SplitRunArgs, ACollectedOptionWithoutItsValueIsLeftToTheParser) {
  const std::vector<std::string_view> words = {"--env"};
  auto split = split_run_args(words, {"--env"}, "--env");
  EXPECT_TRUE(split.collected.empty());
  EXPECT_EQ(split.ours, std::vector<std::string>{"--env"});
}

TEST(AllowAddress, RulesAreKeptAndJunkIsAnArgumentError) {
  wasi::p2::NetworkPolicy policy;
  EXPECT_TRUE(add_allowed_address("127.0.0.0/8", policy));
  EXPECT_TRUE(add_allowed_address("[::1]/128:443", policy));
  EXPECT_EQ(policy.allowed_cidrs, (std::vector<std::string>{"127.0.0.0/8", "[::1]/128:443"}));
  for (const char* junk : {"", "300.1.2.3", "10.0.0.0/33", "localhost", "1.2.3.4:99999"}) {
    auto r = add_allowed_address(junk, policy);
    ASSERT_FALSE(r) << junk;
    EXPECT_EQ(r.error().kind(), ErrorKind::Argument);
    EXPECT_NE(r.error().message().find("--allow-address"), std::string::npos);
  }
  EXPECT_EQ(policy.allowed_cidrs.size(), 2u);
}

}  // namespace
}  // namespace stratus::cli
