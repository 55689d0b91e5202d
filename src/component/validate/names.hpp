// Import and export names (Explainer.md "Import and Export Definitions"): parsing each form
// (plain kebab label, `[constructor]`, `[method]`, `[static]`, `ns:pkg/iface@version`, and
// the `unlocked-dep=`, `locked-dep=`, `url=` and `integrity=` forms wasmparser still reads),
// with wasmparser's messages, and the key under which names must be strongly unique.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <string_view>

#include "stratus/result.hpp"

namespace stratus::component::names {

enum class NameKind : uint8_t { Label, Constructor, Method, Static, Interface, Dependency, Url, Hash };

struct ParsedName {
  NameKind kind = NameKind::Label;
  std::string text;      // the name as written
  std::string resource;  // Constructor: the label; Method, Static: the part before the dot
  std::string member;    // Method, Static: the part after the dot
  // Two names that are not strongly unique have the same key (labels compare ignoring ASCII
  // case, and `[method]a.a` / `[static]a.a` clash with the plain `a`).
  std::string unique_key;
};

bool is_kebab(std::string_view s);
bool kebab_equal(std::string_view a, std::string_view b);  // ignoring ASCII case

// The names of one record's fields (or a variant's cases, a function's parameters...),
// checked for duplicates in one pass rather than against every earlier name.
class KebabNames {
 public:
  // The earlier name equal to `name` ignoring ASCII case, or null (and `name` is recorded).
  const std::string* add(std::string_view name);

 private:
  std::unordered_map<std::string, std::string> first_;  // lowercased -> as first written
};

// The reason is the bare message ("`Foo` is not in kebab case"); callers add context.
Result<ParsedName> parse_name(std::string_view name);

// Parses a semantic version; the error text follows the Rust semver crate's, as wasmparser
// reports it.
Result<void> parse_semver(std::string_view s);

// The version of an interface name (after '@'), with the version suffix appended.
Result<void> check_interface_version(std::string_view name, const std::optional<std::string>& suffix);

}  // namespace stratus::component::names
