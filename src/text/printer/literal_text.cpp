#include "text/printer/literal_text.hpp"

#include <bit>
#include <cinttypes>
#include <cstdio>
#include <cstring>

namespace stratus::text::printer {

namespace {

// `nan`, `-nan:0x...`, `inf`, or nothing for a finite value; the payload is left out when it
// is the canonical one (only the quiet bit), as `nan` alone means exactly that.
bool special_text(bool negative, uint64_t exponent_all_ones, uint64_t payload, uint64_t canonical, std::string& out) {
  if (!exponent_all_ones) return false;
  out = negative ? "-" : "";
  if (payload == 0) {
    out += "inf";
  } else if (payload == canonical) {
    out += "nan";
  } else {
    char buf[32];
    std::snprintf(buf, sizeof buf, "nan:0x%" PRIx64, payload);
    out += buf;
  }
  return true;
}

std::string hex_float(double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%a", value);
  return buf;
}

}  // namespace

std::string f32_text(uint32_t bits) {
  std::string out;
  if (special_text(bits >> 31, ((bits >> 23) & 0xFF) == 0xFF, bits & 0x7FFFFF, 0x400000, out)) return out;
  // Every float is exactly a double, and %a prints a double exactly.
  return hex_float(static_cast<double>(std::bit_cast<float>(bits)));
}

std::string f64_text(uint64_t bits) {
  std::string out;
  if (special_text(bits >> 63, ((bits >> 52) & 0x7FF) == 0x7FF, bits & 0xFFFFFFFFFFFFFull, 0x8000000000000ull, out))
    return out;
  return hex_float(std::bit_cast<double>(bits));
}

std::string v128_text(const uint8_t* bytes) {
  std::string out = "i32x4";
  for (int lane = 0; lane < 4; ++lane) {
    uint32_t v = 0;
    std::memcpy(&v, bytes + 4 * lane, 4);
    char buf[16];
    std::snprintf(buf, sizeof buf, " 0x%08" PRIx32, v);
    out += buf;
  }
  return out;
}

}  // namespace stratus::text::printer
