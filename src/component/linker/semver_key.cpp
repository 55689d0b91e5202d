#include "component/linker/semver_key.hpp"

#include <charconv>
#include <vector>

namespace stratus::component::detail {

namespace {

bool is_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::optional<uint64_t> parse_number(std::string_view s) {
  if (!is_digits(s) || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// Dot-separated identifiers of [0-9A-Za-z-], none empty; numeric ones without leading zeros
// when `numeric_rule` (pre-release) holds.
bool valid_identifiers(std::string_view s, bool numeric_rule) {
  if (s.empty()) return false;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    std::string_view id = s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (id.empty()) return false;
    for (char c : id) {
      bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
      if (!ok) return false;
    }
    if (numeric_rule && is_digits(id) && id.size() > 1 && id[0] == '0') return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::vector<std::string_view> split_dots(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    if (dot == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, dot - start));
    start = dot + 1;
  }
}

}  // namespace

std::optional<Semver> parse_semver(std::string_view text) {
  Semver v;
  if (size_t plus = text.find('+'); plus != std::string_view::npos) {
    std::string_view build = text.substr(plus + 1);
    if (!valid_identifiers(build, false)) return std::nullopt;
    v.build = std::string(build);
    text = text.substr(0, plus);
  }
  if (size_t dash = text.find('-'); dash != std::string_view::npos) {
    std::string_view pre = text.substr(dash + 1);
    if (!valid_identifiers(pre, true)) return std::nullopt;
    v.pre = std::string(pre);
    text = text.substr(0, dash);
  }
  std::vector<std::string_view> parts = split_dots(text);
  if (parts.size() != 3) return std::nullopt;
  auto major = parse_number(parts[0]);
  auto minor = parse_number(parts[1]);
  auto patch = parse_number(parts[2]);
  if (!major || !minor || !patch) return std::nullopt;
  v.major = *major;
  v.minor = *minor;
  v.patch = *patch;
  return v;
}

int compare_semver(const Semver& a, const Semver& b) {
  auto cmp = [](uint64_t x, uint64_t y) { return x < y ? -1 : (x > y ? 1 : 0); };
  if (int c = cmp(a.major, b.major)) return c;
  if (int c = cmp(a.minor, b.minor)) return c;
  if (int c = cmp(a.patch, b.patch)) return c;
  if (a.pre.empty() || b.pre.empty()) return a.pre.empty() == b.pre.empty() ? 0 : (a.pre.empty() ? 1 : -1);
  std::vector<std::string_view> x = split_dots(a.pre), y = split_dots(b.pre);
  for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
    bool xn = is_digits(x[i]), yn = is_digits(y[i]);
    if (xn && yn) {
      // Numeric identifiers compare as numbers; without leading zeros, longer is larger.
      if (x[i].size() != y[i].size()) return x[i].size() < y[i].size() ? -1 : 1;
      if (int c = x[i].compare(y[i])) return c < 0 ? -1 : 1;
    } else if (xn != yn) {
      return xn ? -1 : 1;  // numeric identifiers sort below alphanumeric ones
    } else if (int c = x[i].compare(y[i])) {
      return c < 0 ? -1 : 1;
    }
  }
  return cmp(x.size(), y.size());
}

std::optional<CompatibilityKey> compatibility_key(std::string_view name) {
  size_t at = name.find('@');
  if (at == std::string_view::npos) return std::nullopt;
  auto version = parse_semver(name.substr(at + 1));
  if (!version || !version->pre.empty()) return std::nullopt;
  std::string key(name.substr(0, at + 1));
  if (version->major != 0) {
    key += std::to_string(version->major);
  } else if (version->minor != 0) {
    key += "0." + std::to_string(version->minor);
  } else {
    return std::nullopt;
  }
  return CompatibilityKey{std::move(key), std::move(*version)};
}

}  // namespace stratus::component::detail
