// The Runtime's knobs as flags: ranges, defaults in --help, aliases, and what reaches the builder.
#include <CLI/CLI.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/runtime_options.hpp"

namespace stratus::cli {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Parses `words` with the flags of `defaults` (and run's aliases); the builder, or the parse error.
struct Parsed {
  std::string error;
  RuntimeSettings settings;
  std::string size_flag;
};

Parsed parse(std::vector<std::string> words, const RuntimeSettings& defaults = RuntimeSettings{}) {
  CLI::App app;
  RuntimeFlags flags(app, defaults);
  flags.add_linear_memory_alias(app, "--max-memory");
  flags.add_component_size_alias(app, "--max-module-size");
  std::vector<std::string> reversed(words.rbegin(), words.rend());
  Parsed out;
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    out.error = e.what();
    return out;
  }
  auto builder = flags.builder();
  if (!builder) {
    out.error = builder.error().message();
    return out;
  }
  out.settings = builder->settings();
  out.size_flag = flags.component_size_flag();
  return out;
}

TEST(RuntimeFlags, NothingGivenKeepsTheDefaults) {
  Parsed p = parse({});
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(p.settings.max_components, 10'000u);
  EXPECT_EQ(p.settings.max_core_instances_per_component, 30u);
  EXPECT_EQ(p.settings.max_component_size, uint64_t{50} << 20);
  EXPECT_EQ(p.settings.max_linear_memory, uint64_t{256} << 20);
  EXPECT_EQ(p.settings.max_execution_time, std::chrono::minutes(10));
  EXPECT_TRUE(p.settings.pooling_allocator);
  EXPECT_FALSE(p.settings.force_pooling_allocator);

  Parsed run = parse({}, run_defaults());
  EXPECT_EQ(run.settings.max_linear_memory, uint64_t{4} << 30);
  EXPECT_EQ(run.settings.max_execution_time, kNoExecutionTimeLimit);
  EXPECT_FALSE(run.settings.pooling_allocator);
  EXPECT_EQ(run.settings.max_components, 10'000u);
}

TEST(RuntimeFlags, EveryFlagReachesTheBuilder) {
  Parsed p = parse({"--max-components", "12", "--max-core-instances-per-component", "3", "--max-component-size",
                    "1MiB", "--max-linear-memory", "200000", "--max-execution-time", "2.9s", "--max-wasm-stack",
                    "64KiB", "--force-pooling-allocator", "--experimental-features", "rpc-interface",
                    "--experimental-features", "wasmcloud_messaging_v3"});
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(p.settings.max_components, 12u);
  EXPECT_EQ(p.settings.max_core_instances_per_component, 3u);
  EXPECT_EQ(p.settings.max_component_size, uint64_t{1} << 20);
  EXPECT_EQ(p.settings.max_linear_memory, 3 * kPageSize);  // rounded down to whole pages
  EXPECT_EQ(p.settings.max_execution_time, std::chrono::seconds(2));
  EXPECT_EQ(p.settings.max_wasm_stack, size_t{64} << 10);
  EXPECT_EQ(p.settings.max_call_depth, 2048u);  // a call per 32 bytes
  EXPECT_TRUE(p.settings.force_pooling_allocator);
  EXPECT_EQ(p.settings.experimental_features,
            ExperimentalFeatures::RpcInterface | ExperimentalFeatures::WasmcloudMessagingV3);
}

TEST(RuntimeFlags, OutOfRangeValuesNameTheFlagAndTheRange) {
  struct Case {
    std::vector<std::string> words;
    std::string mentions;
  };
  const Case cases[] = {
      {{"--max-components", "0"}, "'0' is too small"},
      {{"--max-components", "4294967296"}, "'4294967296' is too large"},
      {{"--max-components", "99999999999999999999999"}, "too large"},
      {{"--max-components", "-1"}, "'-1' is not a whole number"},
      {{"--max-components", "1e3"}, "not a whole number"},
      {{"--max-core-instances-per-component", ""}, "not a whole number"},
      {{"--max-component-size", "0"}, "'0' is too small"},
      {{"--max-component-size", "5GiB"}, "too large"},
      {{"--max-linear-memory", "1000"}, "'1000' is too small"},
      {{"--max-linear-memory", "8GiB"}, "'8GiB' is too large"},
      {{"--max-execution-time", "500ms"}, "shorter than 1 s"},
      {{"--max-execution-time", "0"}, "zero"},
      {{"--max-execution-time", "1e10"}, "too long"},
      {{"--max-wasm-stack", "100"}, "too small"},
      {{"--experimental-features", "rpc-interfaces"}, "unknown experimental feature"},
  };
  for (const Case& c : cases) {
    Parsed p = parse(c.words);
    EXPECT_TRUE(contains(p.error, c.words[0])) << c.words[0] << " " << c.words[1] << ": " << p.error;
    EXPECT_TRUE(contains(p.error, c.mentions)) << c.words[0] << " " << c.words[1] << ": " << p.error;
  }
}

TEST(RuntimeFlags, AliasesSetTheSameLimitAndMayNotBothBeGiven) {
  Parsed memory = parse({"--max-memory", "4MiB"});
  ASSERT_EQ(memory.error, "");
  EXPECT_EQ(memory.settings.max_linear_memory, uint64_t{4} << 20);
  Parsed size = parse({"--max-module-size", "4096"});
  ASSERT_EQ(size.error, "");
  EXPECT_EQ(size.settings.max_component_size, 4096u);
  EXPECT_EQ(size.size_flag, "--max-module-size");
  EXPECT_EQ(parse({"--max-component-size", "4096"}).size_flag, "--max-component-size");
  EXPECT_TRUE(contains(parse({"--max-memory", "4MiB", "--max-linear-memory", "8MiB"}).error, "give one of them"));
  EXPECT_TRUE(contains(parse({"--max-module-size", "1", "--max-component-size", "2"}).error, "give one of them"));
}

TEST(RuntimeFlags, HelpListsEveryFlagWithItsDefault) {
  CLI::App app;
  RuntimeFlags flags(app, RuntimeSettings{});
  const std::string help = app.help();
  for (const char* text : {"--max-components", "(default 10000)", "--max-core-instances-per-component",
                           "(default 30)", "--max-component-size", "(default 50 MiB)", "--max-linear-memory",
                           "(default 256 MiB)", "--max-execution-time", "(default 10m)", "--max-wasm-stack",
                           "(default 1 MiB)", "--force-pooling-allocator", "falling back to on-demand",
                           "--experimental-features", "default none"})
    EXPECT_TRUE(contains(help, text)) << text;

  CLI::App run_app;
  RuntimeFlags run_flags(run_app, run_defaults());
  const std::string run_help = run_app.help();
  EXPECT_TRUE(contains(run_help, "(default 4 GiB)"));
  EXPECT_TRUE(contains(run_help, "(default none)"));
  EXPECT_TRUE(contains(run_help, "(default: on-demand allocation)"));
}

}  // namespace
}  // namespace stratus::cli
