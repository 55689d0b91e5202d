// Replays the official SIMD spec tests without an engine: most assertions in
// wasm-2.0/simd_*/*.json invoke an export named exactly like the instruction (e.g.
// "i8x16.add_sat_s") whose body is just that instruction applied to the parameters. Those
// assertions are run straight against the semantic functions; everything else (memory,
// lane-immediate exports, control flow around ops) is left to the engine-level spec runner.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "exec/simd/simd_ops.hpp"
#include "exec/simd/simd_shape.hpp"
#include "simd_test_support.hpp"

namespace simd = stratus::exec::simd;
namespace binary = stratus::binary;
using json = nlohmann::json;
using namespace simd_test;

namespace {

// One argument or result: a v128 or a scalar (i32/i64/f32/f64 as raw bits).
struct Value {
  bool is_v128 = false;
  V128 v128;
  uint64_t scalar = 0;
};

using Invoker = std::function<Value(const std::vector<Value>&)>;

struct Entry {
  std::string_view params;  // e.g. "vi" — the sig's parameter letters
  Invoker invoke;
};

Value vector_value(V128 v) { return Value{true, v, 0}; }
Value scalar_value(uint64_t x) { return Value{false, V128{}, x}; }

template <simd::Shape shape, class Fn>
void register_op(std::map<std::string_view, Entry>& table, std::string_view text, std::string_view sig, Fn* fn) {
  using simd::Shape;
  std::string_view params = sig.substr(0, sig.find(':'));
  if constexpr (shape == Shape::Binary) {
    table[text] = {params, [fn](const std::vector<Value>& a) { return vector_value(fn(a[0].v128, a[1].v128)); }};
  } else if constexpr (shape == Shape::Unary) {
    table[text] = {params, [fn](const std::vector<Value>& a) { return vector_value(fn(a[0].v128)); }};
  } else if constexpr (shape == Shape::Ternary) {
    table[text] = {params, [fn](const std::vector<Value>& a) { return vector_value(fn(a[0].v128, a[1].v128, a[2].v128)); }};
  } else if constexpr (shape == Shape::Shift) {
    table[text] = {params, [fn](const std::vector<Value>& a) { return vector_value(fn(a[0].v128, static_cast<uint32_t>(a[1].scalar))); }};
  } else if constexpr (shape == Shape::Test) {
    table[text] = {params, [fn](const std::vector<Value>& a) { return scalar_value(fn(a[0].v128)); }};
  } else if constexpr (shape == Shape::Splat32) {
    table[text] = {params, [fn](const std::vector<Value>& a) { return vector_value(fn(static_cast<uint32_t>(a[0].scalar))); }};
  } else if constexpr (shape == Shape::Splat64) {
    table[text] = {params, [fn](const std::vector<Value>& a) { return vector_value(fn(a[0].scalar)); }};
  }
  // Lane-immediate, shuffle and memory ops can't be driven from a plain export name.
}

const std::map<std::string_view, Entry>& op_table() {
  static const std::map<std::string_view, Entry> table = [] {
    std::map<std::string_view, Entry> t;
#define STRATUS_OP(name, prefix, code, text, imm, sig, ...) \
  STRATUS_SIMD_ONLY(prefix, register_op<simd::shape_of(binary::Imm::imm, sig)>(t, text, sig, &simd::name);)
#include "binary/opcodes.def"
#undef STRATUS_OP
    return t;
  }();
  return table;
}

uint64_t parse_integer(const std::string& text) {
  return text.starts_with('-') ? static_cast<uint64_t>(std::stoll(text)) : std::stoull(text);
}

int lane_bytes(const std::string& lane_type) {
  if (lane_type == "i8") return 1;
  if (lane_type == "i16") return 2;
  if (lane_type == "i32" || lane_type == "f32") return 4;
  return 8;
}

// Parses an argument; NaN patterns (only found in expectations) are handled by the caller.
std::optional<Value> parse_value(const json& j) {
  const std::string type = j.at("type");
  if (type == "v128") {
    const std::string lane_type = j.at("lane_type");
    int width = lane_bytes(lane_type);
    Value v{true, V128{}, 0};
    int lane = 0;
    for (const auto& text : j.at("value")) {
      if (text.get<std::string>().starts_with("nan")) return std::nullopt;
      uint64_t x = parse_integer(text.get<std::string>());
      std::memcpy(v.v128.bytes + lane * width, &x, static_cast<size_t>(width));
      ++lane;
    }
    return v;
  }
  if (type == "i32" || type == "i64" || type == "f32" || type == "f64") {
    const std::string text = j.at("value");
    if (text.starts_with("nan")) return std::nullopt;
    uint64_t x = parse_integer(text);
    if (type == "i32" || type == "f32") x &= 0xFFFFFFFFu;
    return scalar_value(x);
  }
  return std::nullopt;
}

char param_letter(const std::string& type) {
  if (type == "v128") return 'v';
  if (type == "i32") return 'i';
  if (type == "i64") return 'l';
  if (type == "f32") return 'f';
  if (type == "f64") return 'd';
  return '?';
}

template <class F>
bool nan_lane_matches(const std::string& pattern, F got) {
  return pattern == "nan:canonical" ? is_canonical_nan(got) : is_arithmetic_nan(got);
}

::testing::AssertionResult result_matches(const json& expected, const Value& got) {
  const std::string type = expected.at("type");
  if (type != "v128") {
    uint64_t want = parse_integer(expected.at("value").get<std::string>());
    if (got.scalar == want) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "got " << got.scalar << " want " << want;
  }
  const std::string lane_type = expected.at("lane_type");
  int width = lane_bytes(lane_type);
  int lane = 0;
  for (const auto& item : expected.at("value")) {
    const std::string text = item;
    bool ok;
    if (text.starts_with("nan")) {
      ok = width == 4 ? nan_lane_matches(text, get<float>(got.v128, lane)) : nan_lane_matches(text, get<double>(got.v128, lane));
    } else {
      uint64_t want = parse_integer(text), actual = 0;
      std::memcpy(&actual, got.v128.bytes + lane * width, static_cast<size_t>(width));
      if (width < 8) want &= (uint64_t{1} << (width * 8)) - 1;
      ok = actual == want;
    }
    if (!ok) return ::testing::AssertionFailure() << "lane " << lane << " want " << text << ", got " << hex(got.v128);
    ++lane;
  }
  return ::testing::AssertionSuccess();
}

// A few scripts name their single-instruction exports without the full instruction name;
// map those (only for the first module of the script, which is the one they describe).
std::string instruction_for_export(const std::string& script, const std::string& module_file, const std::string& field) {
  const bool first_module = module_file == script + ".0.wasm";
  if (script == "simd_boolean" && field.ends_with(".any_true")) return "v128.any_true";
  if (!first_module || field.find('.') != std::string::npos) return field;
  if (script == "simd_lane" && field == "v8x16_swizzle") return "i8x16.swizzle";
  if (script == "simd_bitwise") return "v128." + field;
  if (script.ends_with("_cmp")) return script.substr(5, 5) + "." + field;  // simd_i8x16_cmp -> i8x16.
  return field;
}

TEST(SimdSpecJson, DirectInstructionExports) {
  const std::filesystem::path root = std::filesystem::path(STRATUS_SPECTEST_DIR) / "wasm-2.0";
  if (!std::filesystem::is_directory(root)) GTEST_SKIP() << "no spec tests at " << root;

  size_t checked = 0;
  std::map<std::string_view, size_t> per_op;
  for (const auto& dir : std::filesystem::directory_iterator(root)) {
    if (!dir.is_directory() || !dir.path().filename().string().starts_with("simd_")) continue;
    std::filesystem::path script = dir.path() / (dir.path().filename().string() + ".json");
    if (!std::filesystem::exists(script)) continue;
    std::ifstream in(script);
    json doc = json::parse(in);
    const std::string script_name = dir.path().filename().string();
    std::string module_file;
    for (const json& command : doc.at("commands")) {
      if (command.at("type") == "module") module_file = command.value("filename", "");
      if (command.at("type") != "assert_return") continue;
      const json& action = command.at("action");
      if (action.at("type") != "invoke" || action.contains("module")) continue;
      auto entry = op_table().find(instruction_for_export(script_name, module_file, action.at("field")));
      if (entry == op_table().end()) continue;

      std::vector<Value> args;
      std::string letters;
      bool parsed = true;
      for (const json& arg : action.at("args")) {
        letters += param_letter(arg.at("type"));
        auto value = parse_value(arg);
        if (!value) parsed = false;
        else args.push_back(*value);
      }
      if (!parsed || letters != entry->second.params || command.at("expected").size() != 1) continue;

      Value got = entry->second.invoke(args);
      EXPECT_TRUE(result_matches(command.at("expected")[0], got))
          << script.filename().string() << ":" << command.at("line") << " " << entry->first;
      ++checked;
      ++per_op[entry->first];
    }
  }
  // Most pure ops are exercised by the spec scripts; a collapse here means the harness broke.
  EXPECT_GT(checked, 20000u);
  EXPECT_GT(per_op.size(), 190u);
  for (const auto& [text, entry] : op_table())
    if (!per_op.contains(text)) std::cout << "not covered by a direct export: " << text << "\n";
  std::cout << "checked " << checked << " spec assertions over " << per_op.size() << " instructions\n";
}

}  // namespace
