#include "cli/runtime_options.hpp"

#include <CLI/CLI.hpp>

#include <charconv>
#include <limits>

#include "cli/byte_size.hpp"
#include "cli/duration.hpp"
#include "cli/flag_check.hpp"
#include "stratus/printable.hpp"

namespace stratus::cli {

namespace {

constexpr uint32_t kMaxCount = std::numeric_limits<uint32_t>::max();

std::string duration_text(std::chrono::seconds limit) {
  if (limit == kNoExecutionTimeLimit) return "none";
  if (limit.count() % 60 == 0) return std::to_string(limit.count() / 60) + "m";
  return std::to_string(limit.count()) + "s";
}

std::string default_text(const std::string& value) { return " (default " + value + ")"; }

}  // namespace

Result<uint32_t> parse_count_in(std::string_view text, uint32_t max) {
  const std::string shown = "'" + printable(text) + "'";
  const std::string range = "; give a whole number from 1 to " + std::to_string(max);
  uint64_t value = 0;
  const char* end = text.data() + text.size();
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (!digits) return Error(ErrorKind::Config, shown + " is not a whole number" + range);
  if (ec == std::errc::result_out_of_range || value > max) return Error(ErrorKind::Config, shown + " is too large" + range);
  if (ec != std::errc() || ptr != end) return Error(ErrorKind::Config, shown + " is not a whole number" + range);
  if (value == 0) return Error(ErrorKind::Config, shown + " is too small" + range);
  return static_cast<uint32_t>(value);
}

Result<uint64_t> parse_linear_memory(std::string_view text) {
  auto bytes = parse_byte_size_in(text, kPageSize, kMaxPages32 * kPageSize);
  if (!bytes) return bytes.error();
  return *bytes / kPageSize * kPageSize;
}

Result<uint64_t> parse_component_size(std::string_view text) { return parse_byte_size_in(text, 1, kMaxComponentSizeFlag); }

Result<uint64_t> parse_wasm_stack(std::string_view text) { return parse_byte_size_in(text, kMinWasmStack, kMaxWasmStack); }

Result<std::chrono::seconds> parse_execution_time(std::string_view text) {
  auto limit = parse_duration(text);
  if (!limit) return limit.error();
  if (*limit < kMinExecutionTimeFlag)
    return Error(ErrorKind::Config, "'" + printable(text) + "' is shorter than 1 s, the shortest limit (it is counted "
                                                            "in whole seconds)");
  return std::chrono::duration_cast<std::chrono::seconds>(*limit);
}

RuntimeSettings run_defaults() {
  RuntimeSettings s;
  s.max_linear_memory = kMaxPages32 * kPageSize;
  s.max_execution_time = kNoExecutionTimeLimit;
  s.pooling_allocator = false;
  return s;
}

RuntimeFlags::RuntimeFlags(CLI::App& app, const RuntimeSettings& defaults) : defaults_(defaults), app_(app) {
  const RuntimeSettings& d = defaults_;
  app.add_option("--max-components", max_components_,
                 "Instances alive at once, and the pool's memory slots" +
                     default_text(std::to_string(d.max_components)) + "; 1 to " + std::to_string(kMaxCount))
      ->type_name("N")
      ->check(checked_by([](std::string_view t) { return parse_count_in(t, kMaxCount); }));
  app.add_option("--max-core-instances-per-component", max_core_instances_,
                 "Core instances one component instantiation may create" +
                     default_text(std::to_string(d.max_core_instances_per_component)) + "; 1 to " +
                     std::to_string(kMaxCount))
      ->type_name("N")
      ->check(checked_by([](std::string_view t) { return parse_count_in(t, kMaxCount); }));
  app.add_option(component_size_.name, component_size_.value,
                 "Refuse module and component files larger than BYTES, before reading past them" +
                     default_text(bytes_text(d.max_component_size)) + "; 1 byte to 4GiB (suffixes K, KiB, M, MiB, "
                                                                      "G, GiB, KB, MB, GB)")
      ->type_name("BYTES")
      ->check(checked_by(parse_component_size));
  app.add_option(linear_memory_.name, linear_memory_.value,
                 "Cap every linear memory at BYTES: a larger minimum fails to instantiate, memory.grow past it "
                 "returns -1" +
                     default_text(bytes_text(d.max_linear_memory)) + "; 64KiB to 4GiB, rounded down to 64 KiB pages")
      ->type_name("BYTES")
      ->check(checked_by(parse_linear_memory));
  app.add_option("--max-execution-time", max_execution_time_,
                 "Trap a guest still running DURATION after its Store was made, checked on the Runtime's 1 s "
                 "epoch ticks" +
                     default_text(duration_text(d.max_execution_time)) +
                     "; at least 1s, whole seconds (fractions dropped); units ns, us, ms, s, m, h")
      ->type_name("DURATION")
      ->check(checked_by(parse_execution_time));
  app.add_option("--max-wasm-stack", max_wasm_stack_,
                 "Wasm stack for values and locals" + default_text(bytes_text(d.max_wasm_stack)) +
                     "; 4KiB to 4GiB; also allows BYTES/32 nested calls")
      ->type_name("BYTES")
      ->check(checked_by(parse_wasm_stack));
  const std::string pooling_help =
      std::string("Take instances from the pooling allocator and fail if it cannot be reserved") +
      (d.pooling_allocator || d.force_pooling_allocator
           ? " (default: pool, falling back to on-demand allocation with a warning)"
           : " (default: on-demand allocation)");
  app.add_flag("--force-pooling-allocator", pooling_help);
  app.add_option("--experimental-features", experimental_features_,
                 "Enable experimental host interfaces: wasmcloud-messaging-v3, workload-identity-interface, "
                 "rpc-interface (comma-separated, repeatable" +
                     std::string(", default ") + to_string(d.experimental_features) +
                     "); checked, but no command provides the wasmCloud interfaces they gate yet")
      ->type_name("NAMES")
      ->check(checked_by(parse_experimental_features));
}

void RuntimeFlags::add_linear_memory_alias(CLI::App& app, const std::string& name) {
  linear_memory_.alias = name;
  app.add_option(name, linear_memory_.alias_value, "The same as " + linear_memory_.name)
      ->type_name("BYTES")
      ->check(checked_by(parse_linear_memory));
}

void RuntimeFlags::add_component_size_alias(CLI::App& app, const std::string& name) {
  component_size_.alias = name;
  app.add_option(name, component_size_.alias_value, "The same as " + component_size_.name)
      ->type_name("BYTES")
      ->check(checked_by(parse_component_size));
}

Result<std::optional<std::string>> RuntimeFlags::given(const Spelled& setting) const {
  const bool main = app_.count(setting.name) > 0;
  const bool alias = !setting.alias.empty() && app_.count(setting.alias) > 0;
  if (main && alias)
    return Error(ErrorKind::Argument, setting.name + " and " + setting.alias + " set the same limit; give one of them");
  if (main) return std::optional<std::string>(setting.value);
  if (alias) return std::optional<std::string>(setting.alias_value);
  return std::optional<std::string>();
}

std::string RuntimeFlags::given_name(const Spelled& setting) const {
  return !setting.alias.empty() && app_.count(setting.alias) ? setting.alias : setting.name;
}

std::string RuntimeFlags::component_size_flag() const { return given_name(component_size_); }

Result<RuntimeBuilder> RuntimeFlags::builder() const {
  RuntimeBuilder b;
  const RuntimeSettings& d = defaults_;
  b.max_components(d.max_components)
      .max_core_instances_per_component(d.max_core_instances_per_component)
      .max_component_size(d.max_component_size)
      .max_linear_memory(d.max_linear_memory)
      .component_config(d.component_config)
      .force_pooling_allocator(d.force_pooling_allocator)
      .experimental_features(d.experimental_features)
      .pooling_allocator(d.pooling_allocator)
      .max_wasm_stack(d.max_wasm_stack);
  if (d.max_execution_time == kNoExecutionTimeLimit) b.no_execution_time_limit();
  else b.max_execution_time(d.max_execution_time);

  // The checks CLI11 ran accepted every value given.
  if (app_.count("--max-components")) b.max_components(parse_count_in(max_components_, kMaxCount).value());
  if (app_.count("--max-core-instances-per-component"))
    b.max_core_instances_per_component(parse_count_in(max_core_instances_, kMaxCount).value());
  auto size = given(component_size_);
  if (!size) return size.error();
  if (*size) b.max_component_size(parse_component_size(**size).value());
  auto memory = given(linear_memory_);
  if (!memory) return memory.error();
  if (*memory) b.max_linear_memory(parse_linear_memory(**memory).value());
  if (app_.count("--max-execution-time")) b.max_execution_time(parse_execution_time(max_execution_time_).value());
  if (app_.count("--max-wasm-stack")) b.max_wasm_stack(parse_wasm_stack(max_wasm_stack_).value());
  if (app_.count("--force-pooling-allocator")) b.force_pooling_allocator();
  ExperimentalFeatures features = d.experimental_features;
  for (const std::string& names : experimental_features_) features |= parse_experimental_features(names).value();
  b.experimental_features(features);
  return b;
}

}  // namespace stratus::cli
