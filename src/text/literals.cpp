#include "text/literals.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace stratus::text {

namespace {

bool is_digit(char c, bool hex) {
  if (c >= '0' && c <= '9') return true;
  return hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
}

unsigned digit_value(char c) {
  if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
  return static_cast<unsigned>(c - 'A' + 10);
}

// Consumes `digit ('_'? digit)*` from `s` at `i`; false when there is not one digit, or an
// underscore does not stand between two digits.
bool scan_digits(std::string_view s, size_t& i, bool hex) {
  if (i >= s.size() || !is_digit(s[i], hex)) return false;
  ++i;
  while (i < s.size()) {
    if (s[i] == '_') {
      if (i + 1 >= s.size() || !is_digit(s[i + 1], hex)) return false;
      i += 2;
    } else if (is_digit(s[i], hex)) {
      ++i;
    } else {
      break;
    }
  }
  return true;
}

// The magnitude of an unsigned integer literal (no sign), or nothing if it is not one or
// exceeds `max`.
std::optional<uint64_t> magnitude(std::string_view s, uint64_t max) {
  bool hex = false;
  size_t i = 0;
  if (s.size() > 2 && s[0] == '0' && s[1] == 'x') {
    hex = true;
    i = 2;
  }
  const size_t start = i;
  if (!scan_digits(s, i, hex) || i != s.size()) return std::nullopt;
  const unsigned base = hex ? 16 : 10;
  uint64_t value = 0;
  for (size_t k = start; k < s.size(); ++k) {
    if (s[k] == '_') continue;
    const unsigned d = digit_value(s[k]);
    if (value > (max - d) / base) return std::nullopt;
    value = value * base + d;
  }
  return value;
}

// The float spelling without its sign, checked and with underscores removed, as strtod takes
// it; nothing when it is not a float literal.
std::optional<std::string> float_spelling(std::string_view s) {
  bool hex = false;
  size_t i = 0;
  if (s.size() > 2 && s[0] == '0' && s[1] == 'x') {
    hex = true;
    i = 2;
  }
  if (!scan_digits(s, i, hex)) return std::nullopt;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (i < s.size() && is_digit(s[i], hex) && !scan_digits(s, i, hex)) return std::nullopt;
  }
  if (i < s.size() && (hex ? (s[i] == 'p' || s[i] == 'P') : (s[i] == 'e' || s[i] == 'E'))) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!scan_digits(s, i, false)) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  std::string out;
  out.reserve(s.size());
  for (char c : s)
    if (c != '_') out += c;
  return out;
}

template <class Bits>
std::optional<Bits> parse_float(std::string_view atom, unsigned mantissa_bits, unsigned exponent_bits) {
  bool negative = false;
  std::string_view s = atom;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  const Bits sign = negative ? Bits{1} << (mantissa_bits + exponent_bits) : 0;
  const Bits exponent_all = ((Bits{1} << exponent_bits) - 1) << mantissa_bits;
  if (s == "inf") return sign | exponent_all;
  if (s == "nan") return sign | exponent_all | (Bits{1} << (mantissa_bits - 1));
  if (s.starts_with("nan:0x")) {
    auto payload = magnitude(s.substr(4), (uint64_t{1} << mantissa_bits) - 1);
    if (!payload || *payload == 0) return std::nullopt;
    return sign | exponent_all | static_cast<Bits>(*payload);
  }
  auto spelling = float_spelling(s);
  if (!spelling) return std::nullopt;
  errno = 0;
  Bits bits;
  if constexpr (sizeof(Bits) == 4) {
    const float f = std::strtof(spelling->c_str(), nullptr);
    if (std::isinf(f)) return std::nullopt;
    std::memcpy(&bits, &f, sizeof bits);
  } else {
    const double d = std::strtod(spelling->c_str(), nullptr);
    if (std::isinf(d)) return std::nullopt;
    std::memcpy(&bits, &d, sizeof bits);
  }
  return bits | sign;
}

}  // namespace

std::optional<uint64_t> parse_unsigned(std::string_view atom, uint64_t max) { return magnitude(atom, max); }

std::optional<uint64_t> parse_int_bits(std::string_view atom, unsigned bits) {
  const uint64_t umax = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  const uint64_t smin_magnitude = uint64_t{1} << (bits - 1);
  if (atom.empty()) return std::nullopt;
  if (atom[0] == '-') {
    auto m = magnitude(atom.substr(1), smin_magnitude);
    if (!m) return std::nullopt;
    return (~*m + 1) & umax;
  }
  if (atom[0] == '+') return magnitude(atom.substr(1), umax);
  return magnitude(atom, umax);
}

std::optional<uint32_t> parse_f32_bits(std::string_view atom) { return parse_float<uint32_t>(atom, 23, 8); }
std::optional<uint64_t> parse_f64_bits(std::string_view atom) { return parse_float<uint64_t>(atom, 52, 11); }

bool looks_numeric(std::string_view atom) {
  if (!atom.empty() && (atom[0] == '+' || atom[0] == '-')) atom.remove_prefix(1);
  if (atom.empty()) return false;
  return (atom[0] >= '0' && atom[0] <= '9') || atom.starts_with("inf") || atom.starts_with("nan");
}

}  // namespace stratus::text
