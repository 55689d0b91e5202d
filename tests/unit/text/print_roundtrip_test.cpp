// Every module binary of the spec suite that decodes and validates prints as text that parses
// back to the very same bytes, or, where the bytes cannot be the same by construction, to a
// module that differs from it only as print_roundtrip_exceptions.txt says, module by module.
// The list holds only what differs and must shrink: a listed module that now round-trips
// exactly, or differs otherwise than its line says, fails the test.
//
// STRATUS_PRINT_EXCEPTIONS_OUT=FILE writes the list this run found, to replace the checked-in one.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "binary/decoder.hpp"
#include "stratus/text.hpp"
#include "text/printer/sections.hpp"
#include "validate/validator.hpp"

namespace stratus::text {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

Bytes read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// `bytes` without its custom sections: the name section is printed as `$ids`, which the
// parser writes back as names only with WatOptions::debug_names.
Bytes without_custom_sections(const Bytes& bytes) {
  Bytes out(bytes.begin(), bytes.begin() + std::min<size_t>(8, bytes.size()));
  for (const printer::SectionSpan& s : printer::section_spans(bytes))
    if (s.id != 0) out.insert(out.end(), bytes.begin() + s.start, bytes.begin() + s.end);
  return out;
}

// The keywords of the sections in which `a` and `b` differ ("custom" for their custom
// sections taken together).
std::string differing_sections(const Bytes& a, const Bytes& b) {
  std::map<uint8_t, std::pair<std::string, std::string>> by_id;
  auto collect = [&](const Bytes& bytes, bool first) {
    for (const printer::SectionSpan& s : printer::section_spans(bytes)) {
      auto& slot = first ? by_id[s.id].first : by_id[s.id].second;
      slot.append(bytes.begin() + s.start, bytes.begin() + s.end);
    }
  };
  collect(a, true);
  collect(b, false);
  std::string out;
  for (const auto& [id, contents] : by_id)
    if (contents.first != contents.second)
      out += (out.empty() ? "" : ",") + std::string(id == 0 ? "custom" : printer::section_keyword(id));
  return out;
}

// The files each folder's scripts expect a decoder or validator to reject.
std::set<fs::path> meant_to_fail(const fs::path& folder) {
  std::set<fs::path> out;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    const nlohmann::json script = nlohmann::json::parse(in, nullptr, false);
    if (script.is_discarded() || !script.contains("commands")) continue;
    for (const auto& command : script.at("commands")) {
      const std::string type = command.value("type", "");
      if ((type == "assert_malformed" || type == "assert_invalid") && command.contains("filename"))
        out.insert(folder / command.at("filename").get<std::string>());
    }
  }
  return out;
}

std::map<std::string, std::string> read_exceptions(const fs::path& path) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.find(' ');
    out[line.substr(0, space)] = space == std::string::npos ? "" : line.substr(space + 1);
  }
  return out;
}

struct FolderCounts {
  size_t tried = 0, identical = 0, listed = 0, rejected_as_meant = 0, not_decodable = 0;
};

TEST(PrintRoundTrip, SpectestBinariesPrintAndParseBackToTheirBytes) {
  const fs::path suite = fs::path(STRATUS_SPECTEST_DIR);
  ASSERT_TRUE(fs::is_directory(suite)) << suite;
  const std::map<std::string, std::string> exceptions = read_exceptions(STRATUS_PRINT_EXCEPTIONS);
  std::map<std::string, std::string> found;  // module -> reason, for the list
  std::map<std::string, FolderCounts> counts;
  std::map<std::string, size_t> by_reason;
  std::set<std::string> seen;

  std::vector<fs::path> folders;
  for (const auto& entry : fs::recursive_directory_iterator(suite))
    if (entry.is_directory()) folders.push_back(entry.path());
  std::sort(folders.begin(), folders.end());
  for (const fs::path& folder : folders) {
    const std::set<fs::path> rejected = meant_to_fail(folder);
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder))
      if (entry.is_regular_file() && entry.path().extension() == ".wasm") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      const std::string key = fs::relative(file, suite).generic_string();
      FolderCounts& folder_counts = counts[key.substr(0, key.find('/'))];
      const Bytes bytes = read_bytes(file);
      auto module = binary::decode(bytes);
      if (!module || !validate::validate(*module).ok()) {
        ++(rejected.count(file) ? folder_counts.rejected_as_meant : folder_counts.not_decodable);
        continue;
      }
      ++folder_counts.tried;
      seen.insert(key);
      auto text = binary_to_wat(bytes);
      ASSERT_TRUE(text) << key << ": " << text.error().message();
      auto reparsed = wat_to_binary(*text);
      if (!reparsed) {
        ADD_FAILURE() << key << ": the printed text does not parse: " << reparsed.error().message();
        continue;
      }
      const auto listed = exceptions.find(key);
      if (*reparsed == bytes) {
        ++folder_counts.identical;
        if (listed != exceptions.end()) ADD_FAILURE() << key << " round-trips exactly now: remove its exception";
        continue;
      }
      // The same module, encoded otherwise: its custom sections left out, or sections that
      // differ in encoding only, which the module printed by index (no names, no custom
      // sections) shows, since the printer writes every decoded field.
      std::string reason;
      const Bytes stripped = without_custom_sections(bytes);
      if (*reparsed == stripped) {
        reason = "custom-sections";
      } else {
        PrintOptions plain;
        plain.names = false;
        plain.custom_sections = false;
        auto original_plain = binary_to_wat(bytes, plain);
        auto reparsed_plain = binary_to_wat(*reparsed, plain);
        if (original_plain && reparsed_plain && *original_plain == *reparsed_plain)
          reason = "encoding:" + differing_sections(bytes, *reparsed);
      }
      if (reason.empty()) {
        ADD_FAILURE() << key << ": the printed text parses to a different module";
        continue;
      }
      found[key] = reason;
      ++by_reason[reason];
      ++folder_counts.listed;
      if (listed == exceptions.end()) ADD_FAILURE() << key << " differs (" << reason << ") and is not listed";
      else if (listed->second != reason)
        ADD_FAILURE() << key << " differs as " << reason << ", listed as " << listed->second;
    }
  }
  for (const auto& [key, reason] : exceptions)
    if (!seen.count(key)) ADD_FAILURE() << key << " is listed but was not tried: remove its exception";

  if (const char* out_path = std::getenv("STRATUS_PRINT_EXCEPTIONS_OUT")) {
    std::ofstream out(out_path);
    out << "# Spec-suite binaries whose printed text parses to other bytes, and why: see\n"
           "# print_roundtrip_test.cpp. custom-sections: equal once its custom sections are left out\n"
           "# (its name section, printed as $ids, is not written back); encoding:SECTIONS: those\n"
           "# sections (custom: the custom sections) are encoded otherwise, the module printed by\n"
           "# index is the same.\n";
    for (const auto& [key, reason] : found) out << key << ' ' << reason << '\n';
  }
  size_t tried = 0, identical = 0;
  for (const auto& [folder, c] : counts) {
    std::cout << folder << ": tried " << c.tried << ", identical " << c.identical << ", listed " << c.listed
              << ", rejected as their scripts expect " << c.rejected_as_meant << ", not decodable yet "
              << c.not_decodable << '\n';
    tried += c.tried;
    identical += c.identical;
  }
  for (const auto& [reason, n] : by_reason) std::cout << "listed as " << reason << ": " << n << '\n';
  std::cout << "tried " << tried << ", identical " << identical << '\n';
  EXPECT_GT(tried, 2000u);
}

#ifdef STRATUS_WASM2WAT
// What wabt's wasm2wat prints for each wasm-2.0 module the parser reads to the same bytes as
// what this printer prints: an oracle for the printer that does not go through this parser's
// choices alone.
std::string wasm2wat(const fs::path& file) {
  const std::string command = std::string(STRATUS_WASM2WAT) + " '" + file.string() + "' 2>/dev/null";
  std::string text;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buf[65536];
    for (size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) text.append(buf, n);
    if (pclose(pipe) != 0) text.clear();
  }
  return text;
}

TEST(PrintRoundTrip, Wasm2WatTextParsesAsOursDoes) {
  const fs::path suite = fs::path(STRATUS_SPECTEST_DIR) / "wasm-2.0";
  ASSERT_TRUE(fs::is_directory(suite)) << suite;
  size_t compared = 0;
  std::vector<std::string> wabt_failed;
  for (const auto& entry : fs::recursive_directory_iterator(suite)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".wasm") continue;
    const Bytes bytes = read_bytes(entry.path());
    auto module = binary::decode(bytes);
    if (!module || !validate::validate(*module).ok()) continue;
    const std::string theirs = wasm2wat(entry.path());
    if (theirs.empty()) {
      wabt_failed.push_back(fs::relative(entry.path(), suite).generic_string());
      continue;
    }
    // wasm2wat (1.0.32) prints no custom sections.
    PrintOptions like_wasm2wat;
    like_wasm2wat.custom_sections = false;
    auto ours = binary_to_wat(bytes, like_wasm2wat);
    ASSERT_TRUE(ours) << entry.path() << ": " << ours.error().message();
    auto from_ours = wat_to_binary(*ours);
    auto from_theirs = wat_to_binary(theirs);
    ASSERT_TRUE(from_ours) << entry.path();
    if (!from_theirs) {
      ADD_FAILURE() << entry.path() << ": wasm2wat's text does not parse: " << from_theirs.error().message();
      continue;
    }
    ++compared;
    EXPECT_TRUE(*from_ours == *from_theirs) << entry.path() << ": wasm2wat's text parses to other bytes than ours";
  }
  std::cout << "compared with wasm2wat: " << compared << ", wasm2wat failed on " << wabt_failed.size() << ":";
  for (const std::string& name : wabt_failed) std::cout << ' ' << name;
  std::cout << '\n';
  EXPECT_GT(compared, 1500u);
}
#endif

}  // namespace
}  // namespace stratus::text
