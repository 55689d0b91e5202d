#include "cli/run_options.hpp"

#include "wasi/p2/sockets_policy.hpp"

#include <array>
#include <cstdlib>
#include <string_view>
#include <utility>

namespace stratus::cli {

Result<wasi::p2::Preopen> parse_dir_mapping(const std::string& spec) {
  wasi::p2::Preopen dir;
  const size_t sep = spec.find("::");
  dir.host_path = spec.substr(0, sep);
  dir.guest_path = sep == std::string::npos ? spec : spec.substr(sep + 2);
  if (const size_t option = dir.guest_path.rfind("::"); sep != std::string::npos && option != std::string::npos) {
    const std::string what = dir.guest_path.substr(option + 2);
    if (what != kReadOnlyDirOption)
      return Error(ErrorKind::Argument, "--dir '" + spec + "': unknown option '" + what + "'; Stratus has " +
                                            kReadOnlyDirOption + " (read-only)");
    dir.guest_path.resize(option);
    dir.read_only = true;
  }
  if (dir.host_path.empty() || dir.guest_path.empty())
    return Error(ErrorKind::Argument, "--dir '" + spec + "' needs HOST, HOST::GUEST or HOST::GUEST::" +
                                          kReadOnlyDirOption);
  return dir;
}

std::optional<std::string> parse_env_assignment(const std::string& spec) {
  const size_t eq = spec.find('=');
  if (eq == 0 || spec.empty()) return std::nullopt;
  if (eq != std::string::npos) return spec;
  const char* host_value = std::getenv(spec.c_str());
  if (!host_value) return std::nullopt;
  return spec + "=" + host_value;
}

Result<void> apply_wasi_flags(std::string_view spec, wasi::p2::NetworkPolicy& policy) {
  const std::pair<std::string_view, bool wasi::p2::NetworkPolicy::*> kFlags[] = {
      {"inherit-network", &wasi::p2::NetworkPolicy::inherit_network},
      {"allow-ip-name-lookup", &wasi::p2::NetworkPolicy::allow_ip_name_lookup},
      {"tcp", &wasi::p2::NetworkPolicy::tcp},
      {"udp", &wasi::p2::NetworkPolicy::udp},
      {"http", &wasi::p2::NetworkPolicy::outgoing_http},
  };
  while (!spec.empty()) {
    const size_t comma = spec.find(',');
    const std::string_view item = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    const size_t eq = item.find('=');
    const std::string_view name = item.substr(0, eq);
    const std::string_view value = eq == std::string_view::npos ? "y" : item.substr(eq + 1);
    bool on;
    if (value == "y" || value == "yes" || value == "true" || value == "1") on = true;
    else if (value == "n" || value == "no" || value == "false" || value == "0") on = false;
    else return Error(ErrorKind::Argument, "-S " + std::string(item) + ": the value must be y or n");
    // wasmtime serve links wasi:cli only with -S cli; Stratus always gives a component the
    // CLI interfaces (stdio, environment), so the flag is accepted and cannot be turned off.
    if (name == "cli") {
      if (!on) return Error(ErrorKind::Argument, "-S cli=n: Stratus always gives components the wasi:cli interfaces");
      continue;
    }
    bool found = false;
    for (const auto& [flag, member] : kFlags)
      if (name == flag) {
        policy.*member = on;
        found = true;
      }
    if (!found)
      return Error(ErrorKind::Argument, "-S " + std::string(name) +
                                            ": unknown WASI option; Stratus has inherit-network, allow-ip-name-lookup, "
                                            "tcp, udp, http and cli");
  }
  return {};
}

Result<void> add_allowed_address(const std::string& spec, wasi::p2::NetworkPolicy& policy) {
  if (!wasi::p2::AddressRule::parse(spec))
    return Error(ErrorKind::Argument, std::string(kAllowAddressFlag) + " '" + spec +
                                          "' is not ADDR[/PREFIX][:PORT], e.g. 127.0.0.0/8, 10.1.2.3:8080, "
                                          "[::1]/128:443 or ::1/128");
  policy.allowed_cidrs.push_back(spec);
  return {};
}

SplitRunArgs split_run_args(std::span<const std::string_view> words, const std::vector<std::string>& value_flags,
                            std::string_view collected) {
  SplitRunArgs out;
  size_t i = 0;
  for (; i < words.size(); ++i) {
    const std::string_view w = words[i];
    if (w == "--") {  // explicit end of our options: the module comes next
      ++i;
      break;
    }
    if (w.empty() || w[0] != '-' || w == "-") break;
    if (!collected.empty() && w.starts_with(collected)) {
      if (w.size() > collected.size() && w[collected.size()] == '=') {
        out.collected.push_back(w.substr(collected.size() + 1));
        continue;
      }
      if (w.size() == collected.size() && i + 1 < words.size()) {
        out.collected.push_back(words[++i]);
        continue;
      }
    }
    out.ours.emplace_back(w);
    for (const std::string& opt : value_flags)
      if (w == opt && i + 1 < words.size()) {
        out.ours.emplace_back(words[++i]);
        break;
      }
  }
  if (i < words.size()) out.ours.emplace_back(words[i++]);
  out.guest = words.subspan(i);
  return out;
}

}  // namespace stratus::cli
