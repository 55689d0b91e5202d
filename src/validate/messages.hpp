// Error wording shared by the module and function checks. Reasons start with the spec
// interpreter's phrase ("type mismatch", "unknown local", ...) so tooling and the spec
// tests can match on it; anything after it is detail for humans.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "stratus/result.hpp"
#include "stratus/types.hpp"

namespace stratus::validate {

// "at offset 0x1c: <reason>"
std::string at_offset(uint32_t offset, std::string_view reason);

// "unknown local 3"
std::string unknown(std::string_view what, uint64_t index);

// Name of a value type, or "unknown" for the polymorphic stack's bottom type.
std::string_view type_name(uint8_t type_byte);

inline Error invalid(std::string message) { return Error(ErrorKind::Invalid, std::move(message)); }
inline Error malformed(std::string message) { return Error(ErrorKind::Malformed, std::move(message)); }

}  // namespace stratus::validate
