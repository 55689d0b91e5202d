// Semver-compatible import names, as wasmtime's component linker matches them: a name
// `ns:pkg/iface@1.2.3` also answers to its compatibility key `ns:pkg/iface@1`, and one of
// major version 0 to `@0.2` (for 0.x releases the minor version is the breaking one). A
// 0.0.x version and a pre-release have no key: only the exact name matches them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stratus::component::detail {

struct Semver {
  uint64_t major = 0;
  uint64_t minor = 0;
  uint64_t patch = 0;
  std::string pre;    // after '-', empty when none
  std::string build;  // after '+', ignored by ordering
};

// A semver 2.0.0 version: three numbers without leading zeros, an optional pre-release and
// build metadata. nullopt for anything else.
std::optional<Semver> parse_semver(std::string_view text);

// Semver 2.0.0 precedence: numbers, then a pre-release below its release, then the
// pre-release identifiers field by field; build metadata plays no part.
int compare_semver(const Semver& a, const Semver& b);

struct CompatibilityKey {
  std::string key;  // `ns:pkg/iface@1` or `ns:pkg/iface@0.2`
  Semver version;
};

// The key `name` shares with every semver-compatible version of itself, or nullopt when
// it has none (no version, an unparsable one, 0.0.x, or a pre-release).
std::optional<CompatibilityKey> compatibility_key(std::string_view name);

}  // namespace stratus::component::detail
