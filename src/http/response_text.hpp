// The text of responses the server writes itself: status lines, the Date field, and the
// short error responses (400, 408, 413, 431, 503, ...) sent without a handler.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stratus::http {

std::string_view reason_phrase(uint16_t status);
// "Date: <IMF-fixdate>\r\n", formatted once per second per thread.
void append_date_field(std::string& out);
// A complete response with a text/plain body of `message`; `extra_fields` are whole
// "Name: value\r\n" lines.
std::string error_response(uint16_t status, std::string_view message, bool close, std::string_view extra_fields = {});

}  // namespace stratus::http
