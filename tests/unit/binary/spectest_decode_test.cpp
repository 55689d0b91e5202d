// Runs the decoder over the spec test suite's binaries: every module the suite expects to
// load must decode, every binary assert_malformed module must fail to decode with the
// expected reason (the spec harness matches reasons by prefix, and so do we).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "binary/decoder.hpp"
#include "binary/instr.hpp"

namespace stratus::binary {
namespace {

namespace fs = std::filesystem;

struct Case {
  fs::path file;
  std::string type;
  std::string text;
};

std::vector<Case> load_cases(const std::string& suite) {
  std::vector<Case> cases;
  const fs::path root = fs::path(STRATUS_SPECTEST_DIR) / suite;
  if (!fs::exists(root)) return cases;
  for (const auto& dir : fs::directory_iterator(root)) {
    if (!dir.is_directory()) continue;
    for (const auto& entry : fs::directory_iterator(dir.path())) {
      if (entry.path().extension() != ".json") continue;
      std::ifstream in(entry.path());
      auto json = nlohmann::json::parse(in, nullptr, false);
      if (json.is_discarded()) continue;
      for (const auto& command : json["commands"]) {
        const std::string type = command.value("type", "");
        if (!command.contains("filename")) continue;
        const std::string filename = command["filename"];
        if (!filename.ends_with(".wasm")) continue;
        if (type != "module" && command.value("module_type", "binary") != "binary") continue;
        cases.push_back({dir.path() / filename, type, command.value("text", "")});
      }
    }
  }
  return cases;
}

std::vector<uint8_t> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The reason after "at offset 0x..: ".
std::string reason(const Error& error) {
  const auto& message = error.message();
  const auto colon = message.find(": ");
  return colon == std::string::npos ? message : message.substr(colon + 2);
}

// Decodes and also reads every body, as the validator and translator will.
Result<void> decode_fully(const std::vector<uint8_t>& bytes) {
  auto m = decode(bytes);
  if (!m) return m.error();
  for (uint32_t i = 0; i < m->codes.size(); ++i) {
    InstrReader reader(m->body(i), m->body_offset(i));
    Instr instr;
    while (!reader.at_end()) {
      auto read = reader.read(instr);
      if (!read) return read.error();
    }
  }
  return {};
}

TEST(SpecTestDecode, Wasm20) {
  const auto cases = load_cases("wasm-2.0");
  if (cases.empty()) GTEST_SKIP() << "no spec tests under " << STRATUS_SPECTEST_DIR;
  size_t modules = 0, malformed = 0, malformed_caught = 0, malformed_reason_matched = 0;
  size_t invalid = 0, invalid_decoded = 0;
  for (const auto& c : cases) {
    const auto bytes = read_file(c.file);
    auto result = decode_fully(bytes);
    if (c.type == "module" || c.type == "assert_unlinkable" || c.type == "assert_uninstantiable" ||
        c.type == "assert_trap" || c.type == "assert_exhaustion") {
      ++modules;
      EXPECT_TRUE(result.ok()) << c.file << ": " << (result.ok() ? "" : result.error().message());
    } else if (c.type == "assert_malformed") {
      ++malformed;
      if (result.ok()) {
        ADD_FAILURE() << c.file << " decoded but should be malformed: " << c.text;
        continue;
      }
      ++malformed_caught;
      EXPECT_EQ(result.error().kind(), ErrorKind::Malformed) << c.file;
      if (reason(result.error()).starts_with(c.text)) {
        ++malformed_reason_matched;
      } else {
        ADD_FAILURE() << c.file << ": expected \"" << c.text << "\", got \"" << result.error().message() << "\"";
      }
    } else if (c.type == "assert_invalid") {
      // Invalid modules are well-formed: they must decode, the validator rejects them.
      ++invalid;
      if (result.ok()) {
        ++invalid_decoded;
      } else {
        ADD_FAILURE() << c.file << " (assert_invalid \"" << c.text << "\") failed to decode: "
                      << result.error().message();
      }
    }
  }
  std::printf("spec wasm-2.0: %zu modules decoded; assert_malformed %zu/%zu caught, %zu with the "
              "expected reason; assert_invalid %zu/%zu decoded\n",
              modules, malformed_caught, malformed, malformed_reason_matched, invalid_decoded, invalid);
}

}  // namespace
}  // namespace stratus::binary
