#include "cli/duration.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <utility>

#include "stratus/printable.hpp"

namespace stratus::cli {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Result<std::chrono::nanoseconds> parse_duration(std::string_view text) {
  const std::string shown = "'" + printable(text) + "'";
  const auto not_a_duration = [&] {
    return Error(ErrorKind::Config, shown + " is not a duration like 30, 1.5s, 500ms or 2m (seconds without a unit)");
  };
  if (text.empty()) return not_a_duration();
  if (text[0] == '-') return Error(ErrorKind::Config, shown + " is negative; a duration must be longer than zero");
  // from_chars alone would also take "inf", "nan" and a leading sign.
  if (!is_digit(text[0]) && !(text[0] == '.' && text.size() > 1 && is_digit(text[1]))) return not_a_duration();

  double number = 0;
  const char* last = text.data() + text.size();
  auto [end, ec] = std::from_chars(text.data(), last, number, std::chars_format::general);
  if (ec == std::errc::invalid_argument) return not_a_duration();
  const std::string_view unit_text(end, static_cast<size_t>(last - end));
  static constexpr std::array<std::pair<std::string_view, double>, 7> kUnits = {{
      {"", 1e9}, {"s", 1e9}, {"ms", 1e6}, {"us", 1e3}, {"ns", 1}, {"m", 60e9}, {"h", 3600e9},
  }};
  double unit = 0;  // nanoseconds
  for (const auto& [name, nanoseconds_per_unit] : kUnits)
    if (name == unit_text) unit = nanoseconds_per_unit;
  if (unit == 0) return not_a_duration();

  const std::string range = "; give more than 0 and at most 100 years (" + std::to_string(kMaxDuration.count()) + " s)";
  // Out of range: the number overflowed a double (1e309) or underflowed it (1e-400).
  if (ec == std::errc::result_out_of_range)
    return Error(ErrorKind::Config, shown + " is out of range" + range);
  const double nanoseconds = number * unit;
  if (!(nanoseconds > 0)) return Error(ErrorKind::Config, shown + " is zero" + range);
  if (nanoseconds > static_cast<double>(std::chrono::nanoseconds(kMaxDuration).count()))
    return Error(ErrorKind::Config, shown + " is too long" + range);
  // Up to whole nanoseconds; a product a rounding error away from a whole number (0.3 * 1e9)
  // is that number.
  const double nearest = std::nearbyint(nanoseconds);
  const double whole = std::abs(nanoseconds - nearest) <= nanoseconds * 1e-12 ? nearest : std::ceil(nanoseconds);
  return std::chrono::nanoseconds(std::max<int64_t>(1, static_cast<int64_t>(whole)));
}

}  // namespace stratus::cli
