#include "cli/run_options.hpp"

#include <array>
#include <cstdlib>
#include <string_view>

namespace stratus::cli {

wasi::PreopenDir parse_dir_mapping(const std::string& spec) {
  const size_t sep = spec.find("::");
  if (sep == std::string::npos) return {spec, spec};
  return {spec.substr(0, sep), spec.substr(sep + 2)};
}

std::optional<std::string> parse_env_assignment(const std::string& spec) {
  const size_t eq = spec.find('=');
  if (eq == 0 || spec.empty()) return std::nullopt;
  if (eq != std::string::npos) return spec;
  const char* host_value = std::getenv(spec.c_str());
  if (!host_value) return std::nullopt;
  return spec + "=" + host_value;
}

SplitRunArgs split_run_args(const std::vector<std::string>& words) {
  // Options that take a value in the next word (unless written --opt=value).
  static constexpr std::array<std::string_view, 8> kWithValue = {
      "--dir", "--env", "--max-memory", "--max-module-size", "--max-wasm-stack", "--timeout", "--invoke", "--tcplisten"};
  SplitRunArgs out;
  size_t i = 0;
  for (; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w == "--") {  // explicit end of our options: the module comes next
      ++i;
      break;
    }
    if (w.empty() || w[0] != '-' || w == "-") break;
    out.ours.push_back(w);
    for (std::string_view opt : kWithValue)
      if (w == opt && i + 1 < words.size()) out.ours.push_back(words[++i]);
  }
  if (i < words.size()) out.ours.push_back(words[i++]);
  for (; i < words.size(); ++i) out.guest.push_back(words[i]);
  return out;
}

}  // namespace stratus::cli
