// The hand-written cases in rules.wast: one rule per assertion, and here the wording counts.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "wast_script.hpp"

namespace stratus::validate::testing {
namespace {

TEST(ValidationRules, EveryCaseIsJudgedWithTheSpecWording) {
  const std::filesystem::path json = VALIDATE_RULES_JSON;
  if (json.empty()) GTEST_SKIP() << "wast2json was not found at configure time";
  const auto commands = load_commands(json);
  ASSERT_FALSE(commands.empty()) << "could not read " << json;
  int checked = 0;
  for (const WastCommand& c : commands) {
    const auto bytes = read_bytes(json.parent_path() / c.filename);
    ASSERT_TRUE(bytes) << c.filename;
    const Result<void> result = decode_and_validate(*bytes);
    const std::string where = "rules.wast line " + std::to_string(c.line);
    if (c.type == "module") {
      EXPECT_TRUE(result) << where << ": " << result.error().message();
    } else if (c.type == "assert_invalid") {
      if (result) {
        ADD_FAILURE() << where << ": accepted, expected \"" << c.text << "\"";
        continue;
      }
      EXPECT_EQ(result.error().kind(), ErrorKind::Invalid) << where << ": " << result.error().message();
      EXPECT_NE(result.error().message().find(c.text), std::string::npos)
          << where << ": expected \"" << c.text << "\", got \"" << result.error().message() << "\"";
    }
    ++checked;
  }
  EXPECT_GT(checked, 100);
}

}  // namespace
}  // namespace stratus::validate::testing
