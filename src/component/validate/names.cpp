#include "component/validate/names.hpp"

#include <cctype>

namespace stratus::component::names {
namespace {

Error fail(std::string message) { return Error(ErrorKind::Invalid, std::move(message)); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

#define STRATUS_CHECK_NAME(expr)          \
  do {                                    \
    auto r_ = (expr);                     \
    if (!r_.ok()) return r_.error();      \
  } while (0)

class Parser {
 public:
  explicit Parser(std::string_view s) : next_(s) {}

  Result<NameKind> parse(ParsedName& out) {
    if (eat("[constructor]")) {
      out.resource = std::string(next_);
      STRATUS_CHECK_NAME(expect_kebab());
      return NameKind::Constructor;
    }
    for (auto [prefix, kind] : {std::pair{"[method]", NameKind::Method}, std::pair{"[static]", NameKind::Static}}) {
      if (!eat(prefix)) continue;
      auto resource = take_until('.');
      if (!resource) return resource.error();
      STRATUS_CHECK_NAME(kebab(*resource));
      out.resource = std::string(*resource);
      out.member = std::string(next_);
      STRATUS_CHECK_NAME(expect_kebab());
      return kind;
    }
    if (eat("unlocked-dep=")) {
      STRATUS_CHECK_NAME(expect("<"));
      STRATUS_CHECK_NAME(pkg_name_query());
      STRATUS_CHECK_NAME(expect(">"));
      return NameKind::Dependency;
    }
    if (eat("locked-dep=")) {
      STRATUS_CHECK_NAME(expect("<"));
      STRATUS_CHECK_NAME(pkg_name(false));
      STRATUS_CHECK_NAME(expect(">"));
      STRATUS_CHECK_NAME(optional_hash());
      return NameKind::Dependency;
    }
    if (eat("url=")) {
      STRATUS_CHECK_NAME(expect("<"));
      auto url = take_up_to('>');
      if (!url) return url.error();
      if (url->find('<') != std::string_view::npos) return fail("url cannot contain `<`");
      STRATUS_CHECK_NAME(expect(">"));
      STRATUS_CHECK_NAME(optional_hash());
      return NameKind::Url;
    }
    if (eat("integrity=")) {
      STRATUS_CHECK_NAME(expect("<"));
      STRATUS_CHECK_NAME(hash());
      STRATUS_CHECK_NAME(expect(">"));
      return NameKind::Hash;
    }
    if (next_.find(':') != std::string_view::npos) {
      STRATUS_CHECK_NAME(pkg_name(true));
      return NameKind::Interface;
    }
    STRATUS_CHECK_NAME(expect_kebab());
    return NameKind::Label;
  }

  std::string_view rest() const { return next_; }

 private:
  bool eat(std::string_view prefix) {
    if (!next_.starts_with(prefix)) return false;
    next_.remove_prefix(prefix.size());
    return true;
  }
  Result<void> expect(std::string_view prefix) {
    if (eat(prefix)) return {};
    return fail("expected `" + std::string(prefix) + "` at `" + std::string(next_) + "`");
  }
  Result<std::string_view> take_until(char c) {
    const auto i = next_.find(c);
    if (i == std::string_view::npos) return fail(std::string("failed to find `") + c + "` character");
    auto out = next_.substr(0, i);
    next_.remove_prefix(i + 1);
    return out;
  }
  Result<std::string_view> take_up_to(char c) {
    const auto i = next_.find(c);
    if (i == std::string_view::npos) return fail(std::string("failed to find `") + c + "` character");
    auto out = next_.substr(0, i);
    next_.remove_prefix(i);
    return out;
  }
  Result<void> kebab(std::string_view s) {
    if (is_kebab(s)) return {};
    return fail("`" + std::string(s) + "` is not in kebab case");
  }
  Result<void> expect_kebab() {
    auto s = next_;
    next_ = {};
    return kebab(s);
  }
  Result<std::string_view> take_kebab() {
    size_t i = 0;
    while (i < next_.size() && (std::isalnum(static_cast<unsigned char>(next_[i])) || next_[i] == '-')) ++i;
    if (i == next_.size()) {
      auto s = next_;
      STRATUS_CHECK_NAME(expect_kebab());
      return s;
    }
    auto s = next_.substr(0, i);
    next_.remove_prefix(i);
    STRATUS_CHECK_NAME(kebab(s));
    return s;
  }
  Result<void> take_lowercase_kebab() {
    auto s = take_kebab();
    if (!s) return s.error();
    for (char c : *s) {
      if (std::isupper(static_cast<unsigned char>(c))) {
        return fail(std::string("character `") + c + "` is not lowercase in package name/namespace");
      }
    }
    return {};
  }
  Result<void> pkg_path(bool require_projection) {
    STRATUS_CHECK_NAME(take_lowercase_kebab());
    STRATUS_CHECK_NAME(expect(":"));
    STRATUS_CHECK_NAME(take_lowercase_kebab());
    if (next_.starts_with('/')) {
      STRATUS_CHECK_NAME(expect("/"));
      auto k = take_kebab();
      if (!k) return k.error();
    } else if (require_projection) {
      return fail("expected `/` after package name");
    }
    return {};
  }
  Result<void> pkg_name(bool interface_name) {
    STRATUS_CHECK_NAME(pkg_path(interface_name));
    if (eat("@")) {
      std::string_view version;
      const auto i = next_.find('>');
      if (i != std::string_view::npos) {
        version = next_.substr(0, i);
        next_.remove_prefix(i);
      } else {
        version = next_;
        next_ = {};
      }
      if (!interface_name) STRATUS_CHECK_NAME(semver(version));
    }
    return {};
  }
  Result<void> pkg_name_query() {
    STRATUS_CHECK_NAME(pkg_path(false));
    if (eat("@")) {
      if (eat("*")) return {};
      STRATUS_CHECK_NAME(expect("{"));
      auto range = take_up_to('}');
      if (!range) return range.error();
      STRATUS_CHECK_NAME(expect("}"));
      STRATUS_CHECK_NAME(semver_range(*range));
    }
    return {};
  }
  Result<void> semver(std::string_view s) {
    auto r = parse_semver(s);
    if (!r) return fail("`" + std::string(s) + "` is not a valid semver: " + r.error().message());
    return {};
  }
  Result<void> semver_range(std::string_view range) {
    if (range == "*") return {};
    if (range.starts_with(">=")) {
      range.remove_prefix(2);
      const auto space = range.find(' ');
      STRATUS_CHECK_NAME(semver(range.substr(0, space)));
      if (space != std::string_view::npos) {
        auto upper = range.substr(space + 1);
        if (!upper.starts_with('<')) return fail("expected `<` at start of version range upper bounds");
        STRATUS_CHECK_NAME(semver(upper.substr(1)));
      }
      return {};
    }
    if (range.starts_with('<')) return semver(range.substr(1));
    return fail("expected `>=` or `<` at start of version range");
  }
  static bool is_base64(std::string_view s) {
    if (s.empty()) return false;
    int equals = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      const char c = s[i];
      if ((std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/') && equals == 0) continue;
      if (c == '=' && i > 0 && equals < 2) {
        ++equals;
        continue;
      }
      return false;
    }
    return true;
  }
  Result<void> hash() {
    auto integrity = take_up_to('>');
    if (!integrity) return integrity.error();
    bool any = false;
    std::string_view rest = *integrity;
    while (!rest.empty()) {
      while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front()))) rest.remove_prefix(1);
      if (rest.empty()) break;
      size_t end = 0;
      while (end < rest.size() && !std::isspace(static_cast<unsigned char>(rest[end]))) ++end;
      std::string_view h = rest.substr(0, end);
      rest.remove_prefix(end);
      any = true;
      std::string_view after;
      if (h.starts_with("sha256") || h.starts_with("sha384") || h.starts_with("sha512")) {
        after = h.substr(6);
      } else {
        return fail("unrecognized hash algorithm: `" + std::string(h) + "`");
      }
      if (!after.starts_with('-')) return fail("expected `-` after hash algorithm: " + std::string(h));
      after.remove_prefix(1);
      const auto q = after.find('?');
      auto b64 = after.substr(0, q);
      if (!is_base64(b64)) return fail("not valid base64: `" + std::string(b64) + "`");
    }
    if (!any) return fail("integrity hash cannot be empty");
    return {};
  }
  Result<void> optional_hash() {
    if (!eat(",")) return {};
    STRATUS_CHECK_NAME(expect("integrity=<"));
    STRATUS_CHECK_NAME(hash());
    STRATUS_CHECK_NAME(expect(">"));
    return {};
  }
#undef STRATUS_CHECK_NAME

  std::string_view next_;
};

// Semver, as the Rust semver crate reads it.
class Semver {
 public:
  explicit Semver(std::string_view s) : s_(s) {}
  Result<void> parse() {
    if (s_.empty()) return fail("empty string, expected a semver version");
    auto r = number("major version number");
    if (!r) return r.error();
    if (auto e = dot("major version number"); !e) return e.error();
    r = number("minor version number");
    if (!r) return r.error();
    if (auto e = dot("minor version number"); !e) return e.error();
    r = number("patch version number");
    if (!r) return r.error();
    if (pos_ < s_.size() && s_[pos_] == '-') {
      ++pos_;
      if (auto e = identifiers("pre-release identifier", true); !e) return e.error();
    }
    if (pos_ < s_.size() && s_[pos_] == '+') {
      ++pos_;
      if (auto e = identifiers("build metadata", false); !e) return e.error();
    }
    if (pos_ < s_.size()) {
      const char* after = "patch version number";
      return fail(std::string("unexpected character ") + quoted(s_[pos_]) + " after " + after);
    }
    return {};
  }

 private:
  static std::string quoted(char c) { return std::string("'") + c + "'"; }
  Result<void> number(const char* what) {
    if (pos_ >= s_.size()) return fail(std::string("unexpected end of input while parsing ") + what);
    if (!std::isdigit(static_cast<unsigned char>(s_[pos_]))) {
      return fail(std::string("unexpected character ") + quoted(s_[pos_]) + " while parsing " + what);
    }
    const size_t start = pos_;
    while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    if (s_[start] == '0' && pos_ - start > 1) return fail(std::string("invalid leading zero in ") + what);
    if (pos_ - start > 19) return fail(std::string("value of ") + what + " exceeds u64::MAX");
    return {};
  }
  Result<void> dot(const char* after) {
    if (pos_ >= s_.size()) return fail(std::string("unexpected end of input while parsing ") + next_part(after));
    if (s_[pos_] != '.') return fail(std::string("unexpected character ") + quoted(s_[pos_]) + " after " + after);
    ++pos_;
    return {};
  }
  static const char* next_part(const char* after) {
    return std::string_view(after) == "major version number" ? "minor version number" : "patch version number";
  }
  Result<void> identifiers(const char* what, bool numeric_leading_zero_check) {
    while (true) {
      const size_t start = pos_;
      bool all_digits = true;
      while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '-')) {
        if (!std::isdigit(static_cast<unsigned char>(s_[pos_]))) all_digits = false;
        ++pos_;
      }
      if (pos_ == start) {
        if (pos_ < s_.size() && s_[pos_] != '.' && s_[pos_] != '+') {
          return fail(std::string("unexpected character ") + quoted(s_[pos_]) + " while parsing " + what);
        }
        return fail(std::string("empty identifier segment in ") + what);
      }
      if (numeric_leading_zero_check && all_digits && pos_ - start > 1 && s_[start] == '0') {
        return fail(std::string("invalid leading zero in ") + what);
      }
      if (pos_ < s_.size() && s_[pos_] == '.') {
        ++pos_;
        continue;
      }
      return {};
    }
  }
  std::string_view s_;
  size_t pos_ = 0;
};

}  // namespace

bool is_kebab(std::string_view s) {
  bool lower_seen = false, upper_seen = false, first = true, digit = false;
  for (char c : s) {
    const bool lo = c >= 'a' && c <= 'z', up = c >= 'A' && c <= 'Z', dg = c >= '0' && c <= '9';
    if (lo && !lower_seen && !upper_seen) lower_seen = true;
    else if (up && !lower_seen && !upper_seen) upper_seen = true;
    else if (dg && !lower_seen && !upper_seen && !first) digit = true;
    else if (lo && lower_seen) {
    } else if (up && upper_seen) {
    } else if (dg && (lower_seen || upper_seen)) digit = true;
    else if (c == '-' && (lower_seen || upper_seen || digit)) {
      lower_seen = upper_seen = digit = false;
      first = false;
    } else {
      return false;
    }
  }
  return !s.empty() && s.back() != '-';
}

bool kebab_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

const std::string* KebabNames::add(std::string_view name) {
  auto [it, fresh] = first_.try_emplace(lower(name), name);
  return fresh ? nullptr : &it->second;
}

Result<ParsedName> parse_name(std::string_view name) {
  ParsedName out;
  out.text = std::string(name);
  Parser p(name);
  auto kind = p.parse(out);
  if (!kind) return kind.error();
  if (!p.rest().empty()) return fail("trailing characters found: `" + std::string(p.rest()) + "`");
  out.kind = *kind;
  switch (out.kind) {
    case NameKind::Label: out.unique_key = "l:" + lower(name); break;
    case NameKind::Constructor: out.unique_key = "c:" + lower(out.resource); break;
    case NameKind::Method:
    case NameKind::Static:
      out.unique_key = kebab_equal(out.resource, out.member) ? "l:" + lower(out.resource)
                                                             : "m:" + lower(out.resource) + "." + lower(out.member);
      break;
    case NameKind::Interface: out.unique_key = "i:" + std::string(name); break;
    case NameKind::Dependency: out.unique_key = "d:" + std::string(name); break;
    case NameKind::Url: out.unique_key = "u:" + std::string(name); break;
    case NameKind::Hash: out.unique_key = "h:" + std::string(name); break;
  }
  return out;
}

Result<void> parse_semver(std::string_view s) { return Semver(s).parse(); }

Result<void> check_interface_version(std::string_view name, const std::optional<std::string>& suffix) {
  const auto at = name.find('@');
  if (at == std::string_view::npos) return {};
  std::string version(name.substr(at + 1));
  if (suffix) version += *suffix;
  auto r = parse_semver(version);
  if (!r) return fail("invalid interface version: " + r.error().message());
  return {};
}

}  // namespace stratus::component::names
