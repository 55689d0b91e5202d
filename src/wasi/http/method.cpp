#include "wasi/http/method.hpp"

#include <charconv>

#include "wasi/http/fields.hpp"

namespace stratus::wasi::http {

bool scheme_is_http(std::string_view text) { return field_names_equal(text, "http"); }
bool scheme_is_https(std::string_view text) { return field_names_equal(text, "https"); }

std::optional<uint64_t> content_length_of(const FieldList& headers) {
  std::optional<uint64_t> found;
  for (const auto& [name, value] : headers) {
    if (!field_names_equal(name, "content-length")) continue;
    uint64_t n = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size() || value.empty()) return std::nullopt;
    if (found && *found != n) return std::nullopt;
    found = n;
  }
  return found;
}

}  // namespace stratus::wasi::http
