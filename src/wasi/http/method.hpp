// wasi:http's method and scheme variants and the text on the wire.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "wasi/http/exchange.hpp"
#include "wit/wasi/http/types.hpp"

namespace stratus::wasi::http {

wit::wasi::http::types::Method method_from_text(std::string_view text);
std::string method_text(const wit::wasi::http::types::Method& method);
wit::wasi::http::types::Scheme scheme_from_text(std::string_view text);
std::string scheme_text(const wit::wasi::http::types::Scheme& scheme);
// A Content-Length header's value, when `headers` holds exactly one valid one.
std::optional<uint64_t> content_length_of(const FieldList& headers);

}  // namespace stratus::wasi::http
