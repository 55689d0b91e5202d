#include "wasi/http/request_target.hpp"

#include <algorithm>

#include "wasi/http/fields.hpp"

namespace stratus::wasi::http {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_unreserved(char c) { return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~'; }
bool is_sub_delim(char c) { return std::string_view("!$&'()*+,;=").find(c) != std::string_view::npos; }

// unreserved / pct-encoded / sub-delims, and `extra`.
bool is_uri_text(std::string_view s, std::string_view extra) {
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) return false;
      i += 2;
      continue;
    }
    if (!is_unreserved(c) && !is_sub_delim(c) && extra.find(c) == std::string_view::npos) return false;
  }
  return true;
}

bool is_valid_port(std::string_view port) {
  if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), is_digit)) return false;
  unsigned value = 0;
  for (char c : port) value = value * 10 + static_cast<unsigned>(c - '0');
  return value <= 65535;
}

}  // namespace

bool is_valid_method_text(std::string_view text) { return is_valid_field_name(text); }

bool is_valid_scheme_text(std::string_view text) {
  if (text.empty() || !is_alpha(text[0])) return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.'; });
}

bool is_valid_path_with_query(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c > 0x20 && c != 0x7f && c != '#' && c != '<' && c != '>' && c != '`';
  });
}

bool is_valid_authority(std::string_view text) {
  const size_t at = text.rfind('@');
  if (at != std::string_view::npos && !is_uri_text(text.substr(0, at), ":")) return false;
  std::string_view host = at == std::string_view::npos ? text : text.substr(at + 1);
  std::string_view port;
  bool has_port = false;
  if (!host.empty() && host[0] == '[') {
    const size_t close = host.find(']');
    if (close == std::string_view::npos) return false;
    const std::string_view literal = host.substr(1, close - 1);
    if (literal.empty() ||
        !std::all_of(literal.begin(), literal.end(), [](char c) { return is_hex(c) || c == ':' || c == '.'; }))
      return false;
    const std::string_view rest = host.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') return false;
      has_port = true;
      port = rest.substr(1);
    }
    host = host.substr(0, close + 1);
  } else {
    const size_t colon = host.rfind(':');
    if (colon != std::string_view::npos) {
      has_port = true;
      port = host.substr(colon + 1);
      host = host.substr(0, colon);
    }
    if (host.empty() || !is_uri_text(host, "")) return false;
  }
  return !has_port || is_valid_port(port);
}

}  // namespace stratus::wasi::http
