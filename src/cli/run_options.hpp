// What `stratus run` was asked to do, after parsing.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stratus/module.hpp"
#include "stratus/result.hpp"
#include "stratus/runtime.hpp"
#include "wasi/ctx.hpp"
#include "wasi/p2/wasi_p2.hpp"

namespace stratus::cli {

struct RunOptions {
  std::string module_path;
  // After the module: argv[1..] or --invoke arguments; views of main's argv, which outlives
  // the run (a guest may be given 100,000 arguments, so they are not copied on the way).
  std::span<const std::string_view> guest_args;
  std::vector<wasi::p2::Preopen> dirs;
  wasi::StringList env;                // NAME=VALUE
  std::vector<std::string> tcplisten;  // ADDR:PORT, opened by run_module in order
  // The Runtime's knobs as the flags set them (cli/runtime_options.hpp).
  RuntimeBuilder runtime;
  std::string component_size_flag = "--max-component-size";  // named when a file is too large
  std::optional<std::chrono::nanoseconds> timeout;
  std::optional<std::string> invoke;
  // -S flags: what a component may do on the network (WASI 0.2; preview 1 has no sockets
  // to create). Outgoing HTTP too is off until `-S http`, as in wasmtime's run.
  wasi::p2::NetworkPolicy network = [] {
    wasi::p2::NetworkPolicy policy;
    policy.outgoing_http = false;
    return policy;
  }();
  // The words after `run`, as given (views of main's argv): what `stratus run` hands on when
  // stratus-serve, which has wasi:http, must run the component instead.
  std::span<const std::string_view> command_words;
  bool network_flags_given = false;
};

// `--dir HOST[::GUEST[::ro]]`; the guest sees HOST's own spelling when no GUEST is given, and
// `::ro` makes the directory and everything beneath it read-only. wasmtime's CLI has no
// read-only spelling yet; `::ro` is the one its maintainers proposed (wasmtime issue #9608).
// An Argument error for an empty HOST or GUEST and for an option other than ro.
inline constexpr char kReadOnlyDirOption[] = "ro";
Result<wasi::p2::Preopen> parse_dir_mapping(const std::string& spec);
// `--env NAME=VALUE`, or `--env NAME` to pass the host's value through. Nothing if NAME is
// empty or, in the second form, unset on the host.
std::optional<std::string> parse_env_assignment(const std::string& spec);

// One `-S` value, wasmtime's spelling: comma-separated `NAME[=y|n]` (also yes/no, true/false,
// 1/0; a bare NAME is y) for inherit-network, allow-ip-name-lookup, tcp, udp and http (the
// requests wasi:http sends), and cli, accepted as wasmtime's and always on. An Argument error
// names a flag or value it does not know.
Result<void> apply_wasi_flags(std::string_view spec, wasi::p2::NetworkPolicy& policy);

// One `--allow-address ADDR[/PREFIX][:PORT]` (wasi/p2/sockets_policy.hpp's AddressRule):
// added to the allow-list that narrows -S inherit-network. An Argument error quoting a value
// that is not such a rule.
inline constexpr char kAllowAddressFlag[] = "--allow-address";
Result<void> add_allowed_address(const std::string& spec, wasi::p2::NetworkPolicy& policy);

// Splits the words after `run` at the module path: options before it are ours, every word
// after it belongs to the guest (so `stratus run prog.wasm --help` passes --help on).
// `value_flags` names the options whose value is the next word (unless written --opt=value).
// The values of option `collected` (`--opt VALUE` or `--opt=VALUE`) are set aside as views
// instead: 50,000 `--env` words would otherwise be copied three times over on their way
// through the option parser. A `collected` option with no value is left to it to report.
struct SplitRunArgs {
  std::vector<std::string> ours;  // options, then the module path
  std::vector<std::string_view> collected;  // views of `words`' strings
  std::span<const std::string_view> guest;  // a suffix of `words`
};
SplitRunArgs split_run_args(std::span<const std::string_view> words, const std::vector<std::string>& value_flags,
                            std::string_view collected = {});

}  // namespace stratus::cli
