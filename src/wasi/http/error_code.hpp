// wasi:http's error-code as text a log line or a 500 body can carry.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "wit/wasi/http/types.hpp"

namespace stratus::wasi::http {

// The case's WIT name, and its payload when it has one: `internal-error: bad gateway`,
// `HTTP-response-body-size: 12`.
std::string describe(const wit::wasi::http::types::ErrorCode& code);

// The WIT name of the error-code case at `index`, the same in 0.2 and 0.3 (whose lists agree).
std::string_view error_code_name(size_t index);

}  // namespace stratus::wasi::http
