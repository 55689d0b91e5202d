// Component::compile and from_file read a component's text as its binary: every component
// fixture of the tree decodes, and validates but for those written to be invalid (their
// first comment says so), which fail validation, not the parse or the decoder.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../component_fixtures.hpp"
#include "component/binary/decoder.hpp"
#include "stratus/component/component.hpp"
#include "stratus/text.hpp"

namespace stratus::component {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::span<const uint8_t> bytes_of(const std::string& text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// "Invalid (...)" or "Must stay invalid (...)" in the fixture's first comment line.
bool written_invalid(const std::string& text) {
  const std::string first = text.substr(0, text.find('\n'));
  return first.find("Invalid") != std::string::npos || first.find("invalid") != std::string::npos;
}

TEST(ComponentText, EveryFixtureDecodesAndValidatesAsWritten) {
  const Engine engine;
  size_t valid = 0, invalid = 0;
  for (const fs::path& fixture : fixtures::component_fixtures(STRATUS_SOURCE_DIR)) {
    const std::string text = read_text(fs::path(STRATUS_SOURCE_DIR) / fixture);
    auto binary = text::wat_to_binary(text);
    ASSERT_TRUE(binary) << fixture << ": " << binary.error().message();
    auto decoded = decode_component(*binary);
    ASSERT_TRUE(decoded) << fixture << ": " << decoded.error().message();
    auto compiled = Component::compile(engine, bytes_of(text));
    if (written_invalid(text)) {
      ASSERT_FALSE(compiled) << fixture << " is written to be invalid";
      EXPECT_EQ(compiled.error().kind(), ErrorKind::Invalid) << fixture << ": " << compiled.error().message();
      ++invalid;
    } else {
      EXPECT_TRUE(compiled) << fixture << ": " << compiled.error().message();
      ++valid;
    }
  }
  EXPECT_GE(valid + invalid, 32u);
  EXPECT_EQ(invalid, 4u);
}

TEST(ComponentText, AMalformedTextIsAnErrorAtItsLineAndColumn) {
  const Engine engine;
  auto compiled = Component::compile(engine, bytes_of("(component\n  (import \"f\" (func (param \"x\" u33))))"));
  ASSERT_FALSE(compiled);
  EXPECT_EQ(compiled.error().kind(), ErrorKind::Malformed);
  EXPECT_EQ(compiled.error().message().rfind("2:", 0), 0u) << compiled.error().message();
}

TEST(ComponentText, FromFileNamesThePathBeforeTheLine) {
  const Engine engine;
  const fs::path path = fs::temp_directory_path() / "stratus-component-text-test.wat";
  std::ofstream(path) << "(component\n  (core module $m)\n  (bogus))\n";
  auto compiled = Component::from_file(engine, path.string());
  fs::remove(path);
  ASSERT_FALSE(compiled);
  EXPECT_EQ(compiled.error().message().rfind(path.string() + ":3:4:", 0), 0u) << compiled.error().message();
}

TEST(ComponentText, ACoreModuleTextIsNotAComponent) {
  const Engine engine;
  auto compiled = Component::compile(engine, bytes_of("(module)"));
  ASSERT_FALSE(compiled);
  EXPECT_NE(compiled.error().message().find("not a component"), std::string::npos) << compiled.error().message();
}

}  // namespace
}  // namespace stratus::component
