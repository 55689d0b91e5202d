// Every text module of the wasm-2.0 .wast sources encodes to the very bytes wast2json (wabt)
// wrote for it beside the script, so the parser's binary is wat2wasm's, not just a valid one.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "text/script.hpp"
#include "text_test_support.hpp"

namespace stratus::text {
namespace {

namespace fs = std::filesystem;

using test_support::read_file;

TEST(TextSpectestEncoding, TextModulesEncodeAsWast2JsonDid) {
  const fs::path suite = fs::path(STRATUS_SPECTEST_DIR) / "wasm-2.0";
  ASSERT_TRUE(fs::is_directory(suite)) << suite;
  size_t compared = 0;
  for (const auto& entry : fs::directory_iterator(suite)) {
    const std::string name = entry.path().filename().string();
    const fs::path wast = entry.path() / (name + ".wast");
    const fs::path json = entry.path() / (name + ".json");
    if (!fs::exists(wast) || !fs::exists(json)) continue;
    auto commands = parse_script(read_file(wast));
    ASSERT_TRUE(commands) << name << ": " << commands.error().message();
    // The inline text modules, by line (`module binary` and `quote` are not the parser's output).
    std::map<uint32_t, const Command*> by_line;
    for (const Command& c : *commands)
      if (c.type == Command::Type::Module && c.module.form == ScriptModule::Form::Binary) by_line[c.line] = &c;
    const nlohmann::json script = nlohmann::json::parse(read_file(json));
    for (const auto& command : script.at("commands")) {
      if (command.at("type") != "module") continue;
      auto it = by_line.find(command.at("line").get<uint32_t>());
      if (it == by_line.end()) continue;
      const std::string theirs = read_file(entry.path() / command.at("filename").get<std::string>());
      const std::vector<uint8_t>& ours = it->second->module.bytes;
      if (std::string(ours.begin(), ours.end()) == theirs) {
        ++compared;
        continue;
      }
      ADD_FAILURE() << name << ".wast:" << it->first << ": the encoding differs from "
                    << command.at("filename").get<std::string>();
    }
  }
  EXPECT_GT(compared, 1500u);
}

}  // namespace
}  // namespace stratus::text
