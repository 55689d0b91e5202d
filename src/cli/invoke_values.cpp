#include "cli/invoke_values.hpp"

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace stratus::cli {
namespace {

std::optional<int64_t> parse_integer(std::string_view text, int bits) {
  std::string s(text);
  if (s.empty()) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const bool negative = s[0] == '-';
  // Unsigned parse accepts values up to 2^64-1 (e.g. 0xffffffffffffffff); signed handles '-'.
  int64_t v;
  if (negative) v = std::strtoll(s.c_str(), &end, 0);
  else v = static_cast<int64_t>(std::strtoull(s.c_str(), &end, 0));
  if (errno == ERANGE || end != s.c_str() + s.size()) return std::nullopt;
  if (bits == 32 && (v < INT32_MIN || (!negative && static_cast<uint64_t>(v) > UINT32_MAX)))
    return std::nullopt;
  return v;
}

std::optional<double> parse_float(std::string_view text) {
  std::string s(text);
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
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
      if (auto v = parse_integer(text, 64)) return Val::i64(*v);
      return std::nullopt;
    case ValType::F32:
      if (auto v = parse_float(text)) return Val::f32(static_cast<float>(*v));
      return std::nullopt;
    case ValType::F64:
      if (auto v = parse_float(text)) return Val::f64(*v);
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
