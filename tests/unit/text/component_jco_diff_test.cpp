// Differential: the component text parser writes what `jco parse` (wasm-tools parse) writes,
// byte for byte, for every component fixture of the tree. A fixture whose bytes may differ
// without changing the component it encodes is listed, with the reason, in
// component_jco_exceptions.txt; a listed fixture that is now the same fails the test, so the
// list only shrinks. jco, run by the pinned Node, is an oracle only: without it the
// comparison is skipped and says so.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "../component_fixtures.hpp"
#include "stratus/text.hpp"
#include "text_test_support.hpp"

namespace stratus::text {
namespace {

namespace fs = std::filesystem;

using fixtures::component_fixtures;
using test_support::read_file;

// path -> reason, from the checked-in list (`path reason...` lines, `#` comments).
std::map<std::string, std::string> exceptions() {
  std::map<std::string, std::string> listed;
  std::ifstream in(STRATUS_COMPONENT_JCO_EXCEPTIONS);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string path, reason;
    words >> path;
    std::getline(words, reason);
    listed[path] = reason;
  }
  return listed;
}

TEST(ComponentText, TheTreeHasItsComponentFixtures) {
  // The component-wat folders of tests/unit and bench, and tests/components/wat.
  EXPECT_GE(component_fixtures(STRATUS_SOURCE_DIR).size(), 32u);
}

TEST(ComponentText, EveryFixtureParses) {
  for (const fs::path& fixture : component_fixtures(STRATUS_SOURCE_DIR)) {
    const std::string text = read_file(fs::path(STRATUS_SOURCE_DIR) / fixture);
    auto binary = wat_to_binary(text);
    ASSERT_TRUE(binary) << fixture << ": " << binary.error().message();
    ASSERT_GE(binary->size(), 8u);
    EXPECT_EQ(binary->at(4), 0x0d) << fixture << ": not written as a component";
  }
}

TEST(ComponentText, EveryFixtureIsWhatJcoParseWrites) {
  const std::string node = STRATUS_JCO_NODE, jco = STRATUS_JCO;
  if (!fs::exists(node) || !fs::exists(jco))
    GTEST_SKIP() << "jco or its Node is not installed ('" << node << "', '" << jco
                 << "'): the byte-for-byte comparison with `jco parse` is skipped; `npm ci` installs them";
  const fs::path scratch = fs::temp_directory_path() / ("stratus-jco-diff-" + std::to_string(::getpid()));
  fs::create_directories(scratch);
  const std::map<std::string, std::string> listed = exceptions();
  size_t same = 0, differ = 0;
  for (const fs::path& fixture : component_fixtures(STRATUS_SOURCE_DIR)) {
    const fs::path source = fs::path(STRATUS_SOURCE_DIR) / fixture, out = scratch / "component.wasm";
    fs::remove(out);
    const std::string command =
        "'" + node + "' '" + jco + "' parse '" + source.string() + "' -o '" + out.string() + "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << fixture << ": jco parse refused it";
    auto ours = wat_to_binary(read_file(source));
    ASSERT_TRUE(ours) << fixture << ": " << ours.error().message();
    const bool equal = std::string(ours->begin(), ours->end()) == read_file(out);
    const auto exception = listed.find(fixture.generic_string());
    if (exception == listed.end()) {
      EXPECT_TRUE(equal) << fixture << ": the bytes differ from jco parse's";
    } else {
      EXPECT_FALSE(equal) << fixture << ": listed in component_jco_exceptions.txt (" << exception->second
                          << ") but now the same bytes: take it off the list";
    }
    (equal ? same : differ) += 1;
  }
  std::error_code ignored;
  fs::remove_all(scratch, ignored);
  std::printf("component fixtures: %zu the same bytes as jco parse, %zu listed as differing\n", same, differ);
}

}  // namespace
}  // namespace stratus::text
