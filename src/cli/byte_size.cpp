#include "cli/byte_size.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <string>
#include <utility>

namespace stratus::cli {

std::optional<uint64_t> parse_byte_size(std::string_view text) {
  uint64_t number = 0;
  const char* last = text.data() + text.size();
  auto [end, ec] = std::from_chars(text.data(), last, number);
  if (ec != std::errc{} || end == text.data()) return std::nullopt;
  std::string suffix(end, last);
  for (char& c : suffix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::array<std::pair<std::string_view, uint64_t>, 14> kUnits = {{
      {"", 1}, {"b", 1},
      {"k", 1ull << 10}, {"ki", 1ull << 10}, {"kib", 1ull << 10}, {"kb", 1000ull},
      {"m", 1ull << 20}, {"mi", 1ull << 20}, {"mib", 1ull << 20}, {"mb", 1000'000ull},
      {"g", 1ull << 30}, {"gi", 1ull << 30}, {"gib", 1ull << 30}, {"gb", 1000'000'000ull},
  }};
  for (const auto& [name, unit] : kUnits) {
    if (suffix != name) continue;
    if (number > UINT64_MAX / unit) return std::nullopt;
    return number * unit;
  }
  return std::nullopt;
}

}  // namespace stratus::cli
