// Every binary module of the Wasm 2.0 spec tests, through decode + validate:
//   module / assert_unlinkable / assert_uninstantiable  -> must be accepted
//   assert_invalid                                      -> must be rejected
//   assert_malformed (binary)                           -> must be rejected
// Whether a rejection carries the expected text is counted and printed by the summary test,
// not asserted: the wording is for humans, acceptance is the contract. An assert_invalid in
// tests/spectest/superseded.txt (reversed by Wasm 3.0) must be accepted instead.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "cli/wast/command_list.hpp"
#include "wast_script.hpp"

namespace stratus::validate::testing {
namespace {

const std::filesystem::path kSuiteDir = std::filesystem::path(STRATUS_SPECTEST_DIR) / "wasm-2.0";

const stratus::wast::CommandList& superseded() {
  static const stratus::wast::CommandList list = stratus::wast::load_command_list(SPECTEST_SUPERSEDED_LIST);
  return list;
}

struct ScriptReport {
  int valid_total = 0, valid_accepted = 0;
  int invalid_total = 0, invalid_rejected = 0, invalid_as_invalid = 0, invalid_text_matched = 0;
  int malformed_total = 0, malformed_rejected = 0;
  std::vector<std::string> failures;        // contract violations
  std::vector<std::string> text_mismatches; // rejected, but not with the expected wording

  void add(const ScriptReport& o) {
    valid_total += o.valid_total; valid_accepted += o.valid_accepted;
    invalid_total += o.invalid_total; invalid_rejected += o.invalid_rejected;
    invalid_as_invalid += o.invalid_as_invalid; invalid_text_matched += o.invalid_text_matched;
    malformed_total += o.malformed_total; malformed_rejected += o.malformed_rejected;
    failures.insert(failures.end(), o.failures.begin(), o.failures.end());
    text_mismatches.insert(text_mismatches.end(), o.text_mismatches.begin(), o.text_mismatches.end());
  }
};

bool is_binary_module_file(const WastCommand& c) {
  return c.filename.size() > 5 && c.filename.ends_with(".wasm");
}

ScriptReport run_script(const std::string& name) {
  ScriptReport report;
  const std::filesystem::path dir = kSuiteDir / name;
  for (const WastCommand& c : load_commands(dir / (name + ".json"))) {
    const bool reversed = superseded().contains(stratus::wast::command_key("wasm-2.0/" + name, c.line));
    const bool expect_valid =
        c.type == "module" || c.type == "assert_unlinkable" || c.type == "assert_uninstantiable" || reversed;
    const bool expect_invalid = c.type == "assert_invalid" && !reversed;
    const bool expect_malformed = c.type == "assert_malformed";
    if (!(expect_valid || expect_invalid || expect_malformed) || !is_binary_module_file(c)) continue;
    if (!c.module_type.empty() && c.module_type != "binary") continue;

    const std::string where = name + "/" + c.filename + " (line " + std::to_string(c.line) + ")";
    const auto bytes = read_bytes(dir / c.filename);
    if (!bytes) {
      report.failures.push_back(where + ": cannot read the file");
      continue;
    }
    const Result<void> result = decode_and_validate(*bytes);
    if (expect_valid) {
      ++report.valid_total;
      if (result) ++report.valid_accepted;
      else report.failures.push_back(where + ": valid module rejected: " + result.error().message());
    } else if (expect_invalid) {
      ++report.invalid_total;
      if (result) {
        report.failures.push_back(where + ": invalid module accepted (expected \"" + c.text + "\")");
        continue;
      }
      ++report.invalid_rejected;
      const bool kind_ok = result.error().kind() == ErrorKind::Invalid;
      const bool text_ok = result.error().message().find(c.text) != std::string::npos;
      report.invalid_as_invalid += kind_ok;
      report.invalid_text_matched += kind_ok && text_ok;
      if (!kind_ok || !text_ok) {
        report.text_mismatches.push_back(where + ": expected \"" + c.text + "\", got " +
                                         (kind_ok ? "" : "(not Invalid) ") + result.error().message());
      }
    } else {
      ++report.malformed_total;
      if (!result) ++report.malformed_rejected;
      else report.failures.push_back(where + ": malformed module accepted (expected \"" + c.text + "\")");
    }
  }
  return report;
}

class SpecScript : public ::testing::TestWithParam<std::string> {};

TEST_P(SpecScript, BinaryModulesAreJudgedCorrectly) {
  const ScriptReport report = run_script(GetParam());
  for (const std::string& f : report.failures) ADD_FAILURE() << f;
}

INSTANTIATE_TEST_SUITE_P(Wasm20, SpecScript, ::testing::ValuesIn(spec_script_names(kSuiteDir)),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param;
                           for (char& ch : n) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return n;
                         });

TEST(SpecConformance, Summary) {
  const std::vector<std::string> names = spec_script_names(kSuiteDir);
  if (names.empty()) GTEST_SKIP() << "no spec tests under " << kSuiteDir;
  ScriptReport total;
  for (const std::string& name : names) total.add(run_script(name));
  std::cout << "wasm-2.0 spec tests, binary modules through decode + validate:\n"
            << "  valid modules accepted:     " << total.valid_accepted << " / " << total.valid_total << "\n"
            << "  assert_invalid rejected:    " << total.invalid_rejected << " / " << total.invalid_total
            << " (as Invalid: " << total.invalid_as_invalid << ", with the expected text: "
            << total.invalid_text_matched << ")\n"
            << "  assert_malformed rejected:  " << total.malformed_rejected << " / " << total.malformed_total << "\n";
  for (const std::string& m : total.text_mismatches) std::cout << "  text mismatch: " << m << "\n";
  EXPECT_EQ(total.failures.size(), 0u);
}

}  // namespace
}  // namespace stratus::validate::testing
