#include <gtest/gtest.h>

#include <chrono>

#include "cli/duration.hpp"

namespace stratus::cli {
namespace {

using std::chrono::nanoseconds;

nanoseconds must(std::string_view text) {
  auto d = parse_duration(text);
  EXPECT_TRUE(d) << text << ": " << (d ? "" : d.error().message());
  return d ? *d : nanoseconds(-1);
}

std::string refusal(std::string_view text) {
  auto d = parse_duration(text);
  EXPECT_FALSE(d) << text << " was accepted";
  if (d) return "";
  EXPECT_EQ(d.error().kind(), ErrorKind::Config);
  return d.error().message();
}

TEST(Duration, SecondsAndUnits) {
  EXPECT_EQ(must("30"), std::chrono::seconds(30));
  EXPECT_EQ(must("0.3"), std::chrono::milliseconds(300));
  EXPECT_EQ(must(".5"), std::chrono::milliseconds(500));
  EXPECT_EQ(must("1.5s"), std::chrono::milliseconds(1500));
  EXPECT_EQ(must("500ms"), std::chrono::milliseconds(500));
  EXPECT_EQ(must("250us"), std::chrono::microseconds(250));
  EXPECT_EQ(must("7ns"), nanoseconds(7));
  EXPECT_EQ(must("2m"), std::chrono::minutes(2));
  EXPECT_EQ(must("1h"), std::chrono::hours(1));
  EXPECT_EQ(must("2e3"), std::chrono::seconds(2000));
}

TEST(Duration, TinyDurationsRoundUpToANanosecond) {
  EXPECT_EQ(must("1e-12"), nanoseconds(1));
  EXPECT_EQ(must("1.5ns"), nanoseconds(2));
}

TEST(Duration, UpToOneHundredYears) {
  EXPECT_EQ(must("3155760000"), kMaxDuration);
  EXPECT_EQ(must("876600h"), kMaxDuration);  // 36,525 days
  EXPECT_NE(refusal("3155760001").find("too long"), std::string::npos);
  EXPECT_NE(refusal("1e10").find("at most 100 years"), std::string::npos);
  EXPECT_NE(refusal("1e300h").find("too long"), std::string::npos);
  // Past what a double holds either way: refused, however the library reports it.
  EXPECT_NE(refusal("1e309").find("at most 100 years"), std::string::npos);
  EXPECT_NE(refusal("1e-400").find("at most 100 years"), std::string::npos);
}

TEST(Duration, ZeroAndNegativeAreRefused) {
  EXPECT_NE(refusal("0").find("is zero"), std::string::npos);
  EXPECT_NE(refusal("0ms").find("is zero"), std::string::npos);
  EXPECT_NE(refusal("0.0").find("is zero"), std::string::npos);
  EXPECT_NE(refusal("-1").find("negative"), std::string::npos);
  EXPECT_NE(refusal("-0").find("negative"), std::string::npos);
}

TEST(Duration, NonNumbersAreRefused) {
  for (const char* text : {"", "inf", "infinity", "nan", "NaN", "+5", " 5", "5 ", "0x10", "0x1p3", "5sec", "5S",
                           "1.2.3", "abc", "5s5", ".", "e5", "5e", "1,5"}) {
    const std::string message = refusal(text);
    EXPECT_NE(message.find("is not a duration"), std::string::npos) << text << ": " << message;
  }
}

TEST(Duration, TheMessageQuotesTheTextPrintably) {
  EXPECT_EQ(refusal("\x1b[2J"), "'\\x1b[2J' is not a duration like 30, 1.5s, 500ms or 2m (seconds without a unit)");
}

}  // namespace
}  // namespace stratus::cli
