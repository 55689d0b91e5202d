#include "http/response_text.hpp"

#include <http_parser.h>

#include <ctime>

namespace stratus::http {

std::string_view reason_phrase(uint16_t status) {
  const char* text = http_status_str(static_cast<http_status>(status));
  std::string_view s = text ? text : "";
  return s == "<unknown>" || s.empty() ? std::string_view("Unknown") : s;
}

void append_date_field(std::string& out) {
  thread_local time_t cached_second = -1;
  thread_local char cached[64];
  thread_local size_t cached_len = 0;
  time_t now = time(nullptr);
  if (now != cached_second) {
    struct tm tm;
    gmtime_r(&now, &tm);
    cached_len = strftime(cached, sizeof cached, "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &tm);
    cached_second = now;
  }
  out.append(cached, cached_len);
}

std::string error_response(uint16_t status, std::string_view message, bool close, std::string_view extra_fields) {
  std::string out;
  out.reserve(160 + message.size());
  out += "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  out += reason_phrase(status);
  out += "\r\n";
  append_date_field(out);
  out += "Content-Type: text/plain; charset=utf-8\r\nContent-Length: ";
  out += std::to_string(message.size() + 1);
  out += "\r\n";
  if (close) out += "Connection: close\r\n";
  out += extra_fields;
  out += "\r\n";
  out += message;
  out += '\n';
  return out;
}

}  // namespace stratus::http
