// The Runtime's knobs (RuntimeBuilder) as command-line flags, defined once for every command
// built on the Runtime (`stratus run`, `stratus serve`): --max-components,
// --max-core-instances-per-component, --max-component-size, --max-linear-memory,
// --max-execution-time, --max-wasm-stack, --force-pooling-allocator, --experimental-features.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stratus/result.hpp"
#include "stratus/runtime.hpp"

namespace CLI {
class App;
}

namespace stratus::cli {

// The ranges the flags accept; a value outside is a usage error naming the flag and the range.
inline constexpr uint64_t kMaxComponentSizeFlag = uint64_t{4} << 30;  // the decoder refuses more than 1 GiB itself
inline constexpr std::chrono::seconds kMinExecutionTimeFlag{1};

// A count of 1 to `max`: decimal digits only. ErrorKind::Config quoting the text otherwise.
Result<uint32_t> parse_count_in(std::string_view text, uint32_t max);
// A size for --max-linear-memory (and run's --max-memory): 64 KiB to 4 GiB, rounded down to
// whole 64 KiB pages.
Result<uint64_t> parse_linear_memory(std::string_view text);
Result<uint64_t> parse_component_size(std::string_view text);
Result<uint64_t> parse_wasm_stack(std::string_view text);
// At least 1 s (the Runtime's granularity), at most parse_duration's 100 years; rounded down
// to whole seconds.
Result<std::chrono::seconds> parse_execution_time(std::string_view text);

// The defaults `stratus run` shows and uses: the Runtime's (wasmCloud's) where they keep what
// `stratus run` did before it was built on the Runtime, and otherwise that: memories up to
// 4 GiB, no execution-time limit, on-demand allocation unless --force-pooling-allocator.
RuntimeSettings run_defaults();

class RuntimeFlags {
 public:
  // Registers the flags on `app`, each help text naming its default from `defaults`. The
  // object must outlive the parse (the flags write into it).
  RuntimeFlags(CLI::App& app, const RuntimeSettings& defaults);
  RuntimeFlags(const RuntimeFlags&) = delete;
  RuntimeFlags& operator=(const RuntimeFlags&) = delete;

  // Names another flag for the same setting (run's older --max-memory and --max-module-size).
  // Giving both spellings is a usage error; error messages name the one given.
  void add_linear_memory_alias(CLI::App& app, const std::string& name);
  void add_component_size_alias(CLI::App& app, const std::string& name);

  // After the parse: the defaults with every given flag applied. ErrorKind::Argument when two
  // spellings of one setting were both given.
  Result<RuntimeBuilder> builder() const;
  // The flag that set max_component_size (or its main spelling), for errors that point to it.
  std::string component_size_flag() const;

 private:
  // One setting with its main flag and, when added, an alias; the value of whichever was given.
  struct Spelled {
    std::string name, value;
    std::string alias, alias_value;
  };
  Result<std::optional<std::string>> given(const Spelled& setting) const;
  std::string given_name(const Spelled& setting) const;

  RuntimeSettings defaults_;
  CLI::App& app_;
  std::string max_components_, max_core_instances_, max_execution_time_, max_wasm_stack_;
  std::vector<std::string> experimental_features_;
  Spelled linear_memory_{"--max-linear-memory", {}, {}, {}};
  Spelled component_size_{"--max-component-size", {}, {}, {}};
};

}  // namespace stratus::cli
