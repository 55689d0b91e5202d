// How engine errors read in failure reports, and how a trap compares to the script's text.
#pragma once

#include <string>
#include <string_view>

#include "stratus/result.hpp"

namespace stratus::wast {

std::string_view kind_name(stratus::ErrorKind kind);
// "Trap: out of bounds memory access" and the like.
std::string error_text(const stratus::Error& error);
// The message a trap reports, or the error's message for other kinds.
std::string trap_text(const stratus::Error& error);
// The spec harness accepts a trap whose message carries the expected text.
bool message_matches(std::string_view actual, std::string_view expected);

}  // namespace stratus::wast
