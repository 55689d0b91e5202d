#include "cli/byte_size.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <string>
#include <utility>

#include "stratus/printable.hpp"

namespace stratus::cli {

namespace {

enum class SizeParse { Ok, Junk, TooLarge };

SizeParse parse_size(std::string_view text, uint64_t& bytes) {
  uint64_t number = 0;
  const char* last = text.data() + text.size();
  auto [end, ec] = std::from_chars(text.data(), last, number);
  if (end == text.data() || (ec != std::errc{} && ec != std::errc::result_out_of_range)) return SizeParse::Junk;
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
    if (ec == std::errc::result_out_of_range || number > UINT64_MAX / unit) return SizeParse::TooLarge;
    bytes = number * unit;
    return SizeParse::Ok;
  }
  return SizeParse::Junk;
}

}  // namespace

std::optional<uint64_t> parse_byte_size(std::string_view text) {
  uint64_t bytes = 0;
  if (parse_size(text, bytes) != SizeParse::Ok) return std::nullopt;
  return bytes;
}

Result<uint64_t> parse_byte_size_in(std::string_view text, uint64_t min, uint64_t max) {
  const std::string shown = "'" + printable(text) + "'";
  const std::string range = "; give a size from " + bytes_text(min) + " to " + bytes_text(max);
  uint64_t bytes = 0;
  switch (parse_size(text, bytes)) {
    case SizeParse::Junk:
      return Error(ErrorKind::Config, shown + " is not a size like 65536 or 64MiB (units K, KiB, M, MiB, G, GiB = "
                                              "1024^n; KB, MB, GB = 1000^n)");
    case SizeParse::TooLarge: return Error(ErrorKind::Config, shown + " is too large" + range);
    case SizeParse::Ok: break;
  }
  if (bytes < min) return Error(ErrorKind::Config, shown + " is too small" + range);
  if (bytes > max) return Error(ErrorKind::Config, shown + " is too large" + range);
  return bytes;
}

std::string bytes_text(uint64_t bytes) {
  static constexpr std::array<std::pair<std::string_view, uint64_t>, 3> kUnits = {{
      {"GiB", 1ull << 30}, {"MiB", 1ull << 20}, {"KiB", 1ull << 10},
  }};
  for (const auto& [name, unit] : kUnits)
    if (bytes >= unit && bytes % unit == 0) return std::to_string(bytes / unit) + " " + std::string(name);
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

}  // namespace stratus::cli
