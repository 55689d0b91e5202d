// wasi:http's error-code as text a log line or a 500 body can carry.
#pragma once

#include <string>

#include "wit/wasi/http/types.hpp"

namespace stratus::wasi::http {

// The case's WIT name, and its payload when it has one: `internal-error: bad gateway`,
// `HTTP-response-body-size: 12`.
std::string describe(const wit::wasi::http::types::ErrorCode& code);

}  // namespace stratus::wasi::http
