// The translator's output for each fusion rule (and a few plain functions), compared with the
// disassembly checked in under golden/. After an intended change of the internal code, rewrite
// the expected files with STRATUS_UPDATE_GOLDEN=1 build/release/tests/unit/exec/translate_golden_tests
// and review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "embed/disassemble.hpp"

namespace stratus {
namespace {

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct GoldenCase {
  const char* func;
  bool explicit_bounds;
};

std::string golden_path(const GoldenCase& c) {
  return std::string(STRATUS_GOLDEN_DIR) + "/" + c.func + (c.explicit_bounds ? ".explicit" : "") + ".txt";
}

class TranslateGolden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(TranslateGolden, MatchesCheckedInDisassembly) {
  const GoldenCase& c = GetParam();
  const auto wasm = read_bytes(std::string(STRATUS_EXEC_TEST_WASM_DIR) + "/translate_golden.wasm");
  ASSERT_FALSE(wasm.empty());
  detail::DisasmOptions options;
  options.func = c.func;
  options.explicit_bounds = c.explicit_bounds;
  auto text = detail::disassemble_module(wasm, options);
  ASSERT_TRUE(text) << text.error().message();
  const std::string path = golden_path(c);
  if (std::getenv("STRATUS_UPDATE_GOLDEN")) std::ofstream(path) << *text;
  const std::string expected = read_text(path);
  ASSERT_FALSE(expected.empty()) << "missing " << path;
  EXPECT_EQ(*text, expected) << "the internal code of " << c.func << " differs from " << path;
}

constexpr GoldenCase kCases[] = {
    {"plain_arith", false},       {"plain_const", false},        {"plain_control", false},
    {"plain_call", false},        {"plain_select", false},       {"plain_memory", false},
    {"retarget_local_set", false}, {"commutative_const", false}, {"compare_branch", false},
    {"compare_branch_imm64", false}, {"test_branch", false},     {"add_branch_loop", false},
    {"add_branch_nonzero", false}, {"load_add", false},          {"load_add", true},
    {"store_add", false},         {"store_add_const", false},    {"with_load", false},
    {"with_load", true},          {"with_load_lhs", false},      {"with_load_add", false},
    {"with_shift", false},        {"op_store", false},           {"rmw", false},
    {"rmw", true},                {"rmw_mul", false},            {"rmw_mul", true},
    {"op_store_after_mul", false},
    {"chain", false},             {"copy_pair", false},          {"add_pair", false},
};

INSTANTIATE_TEST_SUITE_P(Functions, TranslateGolden, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<GoldenCase>& info) {
                           return std::string(info.param.func) + (info.param.explicit_bounds ? "_explicit" : "");
                         });

TEST(Disasm, NamesAnUnknownFunction) {
  const auto wasm = read_bytes(std::string(STRATUS_EXEC_TEST_WASM_DIR) + "/translate_golden.wasm");
  detail::DisasmOptions options;
  options.func = "no_such_function";
  auto text = detail::disassemble_module(wasm, options);
  ASSERT_FALSE(text);
  EXPECT_NE(text.error().message().find("no_such_function"), std::string::npos);
}

}  // namespace
}  // namespace stratus
