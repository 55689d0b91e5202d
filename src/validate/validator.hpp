// Wasm 2.0 validation of a decoded module: everything the spec's validation chapter checks,
// from index spaces and limits down to the types of every instruction in every body.
#pragma once

#include "binary/module.hpp"
#include "stratus/result.hpp"

namespace stratus::validate {

// ErrorKind::Invalid "at offset 0x..: <reason>" (or "<where>: <reason>" for module-level
// items without a byte offset), where <reason> starts with the spec interpreter's wording.
// A few binary-format rules only visible while walking bodies (data count section required,
// a body that does not end with its final `end`) are reported as ErrorKind::Malformed.
Result<void> validate(const binary::Module& m);

}  // namespace stratus::validate
