// Experimental feature flags: names, parsing, and which host interfaces each one gates.
#include <array>
#include <string>

#include "stratus/runtime.hpp"

namespace stratus {

namespace {

struct FeatureName {
  ExperimentalFeatures flag;
  std::string_view name;  // kebab-case; snake_case is accepted too
};

constexpr std::array<FeatureName, 3> kFeatures{{
    {ExperimentalFeatures::WasmcloudMessagingV3, "wasmcloud-messaging-v3"},
    {ExperimentalFeatures::WorkloadIdentityInterface, "workload-identity-interface"},
    {ExperimentalFeatures::RpcInterface, "rpc-interface"},
}};

struct GatedInstance {
  std::string_view name;
  ExperimentalFeatures feature;
};

// The instances each feature turns on, as wasmCloud's runtime gates them.
constexpr std::array<GatedInstance, 8> kGated{{
    {"wasmcloud:messaging/producer@0.3.0", ExperimentalFeatures::WasmcloudMessagingV3},
    {"wasmcloud:messaging/request-reply@0.3.0", ExperimentalFeatures::WasmcloudMessagingV3},
    {"wasmcloud:messaging/types@0.3.0", ExperimentalFeatures::WasmcloudMessagingV3},
    {"wasmcloud:identity/store@0.0.1", ExperimentalFeatures::WorkloadIdentityInterface},
    {"wrpc:rpc/context@0.1.0", ExperimentalFeatures::RpcInterface},
    {"wrpc:rpc/error@0.1.0", ExperimentalFeatures::RpcInterface},
    {"wrpc:rpc/invoker@0.1.0", ExperimentalFeatures::RpcInterface},
    {"wrpc:rpc/transport@0.1.0", ExperimentalFeatures::RpcInterface},
}};

std::string known_names() {
  std::string out;
  for (const FeatureName& f : kFeatures) {
    if (!out.empty()) out += ", ";
    out += f.name;
  }
  return out;
}

}  // namespace

Result<ExperimentalFeatures> parse_experimental_feature(std::string_view name) {
  std::string kebab(name);
  for (char& c : kebab)
    if (c == '_') c = '-';
  for (const FeatureName& f : kFeatures)
    if (kebab == f.name) return f.flag;
  return Error(ErrorKind::Config,
               "unknown experimental feature \"" + std::string(name) + "\"; known features: " + known_names());
}

Result<ExperimentalFeatures> parse_experimental_features(std::string_view names) {
  ExperimentalFeatures out = ExperimentalFeatures::None;
  size_t i = 0;
  while (i < names.size()) {
    const size_t start = names.find_first_not_of(", \t", i);
    if (start == std::string_view::npos) break;
    const size_t end = std::min(names.find_first_of(", \t", start), names.size());
    auto one = parse_experimental_feature(names.substr(start, end - start));
    if (!one) return one.error();
    out |= *one;
    i = end;
  }
  return out;
}

std::string to_string(ExperimentalFeatures features) {
  std::string out;
  for (const FeatureName& f : kFeatures)
    if (has(features, f.flag)) {
      if (!out.empty()) out += ", ";
      out += f.name;
    }
  return out.empty() ? "none" : out;
}

bool skip_feature_gated_instance(ExperimentalFeatures enabled, std::string_view instance_name) {
  for (const GatedInstance& g : kGated)
    if (g.name == instance_name) return !has(enabled, g.feature);
  return false;
}

}  // namespace stratus
