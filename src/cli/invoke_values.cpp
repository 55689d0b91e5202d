#include "cli/invoke_values.hpp"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <string>

namespace stratus::cli {
namespace {

// Decimal or 0x hex, with an optional '-'; no spaces, '+' or octal (strtoll would take
// all three). Negative values down to the signed minimum, positive ones up to the unsigned
// maximum of the width, wrapped like a wasm const.
std::optional<uint64_t> parse_integer(std::string_view text, int bits) {
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    base = 16;
  }
  uint64_t magnitude = 0;
  const char* last = text.data() + text.size();
  auto [end, ec] = std::from_chars(text.data(), last, magnitude, base);
  if (text.empty() || ec != std::errc{} || end != last) return std::nullopt;
  const uint64_t unsigned_max = bits == 32 ? UINT32_MAX : UINT64_MAX;
  const uint64_t negative_max = uint64_t{1} << (bits - 1);  // |INT_MIN| of the width
  if (negative ? magnitude > negative_max : magnitude > unsigned_max) return std::nullopt;
  return negative ? uint64_t{0} - magnitude : magnitude;
}

// Decimal or hex-free scientific notation, "inf", "-inf", "nan"; nothing for a value that
// does not fit the type (1e39 as an f32).
template <class F>
std::optional<F> parse_float(std::string_view text) {
  F v{};
  const char* last = text.data() + text.size();
  if (!text.empty() && text[0] == '+') return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), last, v, std::chars_format::general);
  if (text.empty() || ec != std::errc{} || end != last) return std::nullopt;
  return v;
}

template <class F>
std::string shortest(F v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc{} ? std::string(buf, end) : std::string("?");
}

}  // namespace

std::optional<Val> parse_value(ValType type, std::string_view text) {
  switch (type) {
    case ValType::I32:
      if (auto v = parse_integer(text, 32)) return Val::i32(static_cast<int32_t>(static_cast<uint32_t>(*v)));
      return std::nullopt;
    case ValType::I64:
      if (auto v = parse_integer(text, 64)) return Val::i64(static_cast<int64_t>(*v));
      return std::nullopt;
    case ValType::F32:
      if (auto v = parse_float<float>(text)) return Val::f32(*v);
      return std::nullopt;
    case ValType::F64:
      if (auto v = parse_float<double>(text)) return Val::f64(*v);
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

std::string format_value(const Val& value) {
  switch (value.type()) {
    case ValType::I32: return std::to_string(value.i32());
    case ValType::I64: return std::to_string(value.i64());
    case ValType::F32: return shortest(value.f32());
    case ValType::F64: return shortest(value.f64());
    case ValType::V128: {
      std::string out = "0x";
      char byte[3];
      for (int i = 15; i >= 0; --i) {
        std::snprintf(byte, sizeof byte, "%02x", value.v128().bytes[i]);
        out += byte;
      }
      return out;
    }
    case ValType::FuncRef:
    case ValType::ExternRef: return value.ref().is_null() ? "null" : "ref";
  }
  return "?";
}

}  // namespace stratus::cli
