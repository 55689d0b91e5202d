// Decoding a WebAssembly 2.0 binary into a binary::Module.
//
// decode() reports every malformed input (ErrorKind::Malformed, "at offset 0x..: <reason>",
// reasons as in the spec test suite). That includes problems only visible inside function
// bodies: every body is read once with InstrReader, which also finds uses of memory.init and
// data.drop for the "data count section required" rule. Counts and sizes past the
// implementation limits of binary/limits.hpp are malformed too. What is well-formed but invalid
// (type errors, out-of-range indices, non-constant constant expressions, select with a type
// vector of length != 1) is left to the validator.
//
// BodyScan::LeftToValidator skips that pass over the bodies (each entry is taken at its
// declared size) for a caller that validates right after: validate::validate reads every body
// with the same InstrReader and reports the same malformed encodings, else placement, final
// `end` and data count rule, so a module that validates would have decoded. Where decoding or
// validation then fails, the error may differ from the one a full decode gives first; such a
// caller decodes again with BodyScan::Full to report that (compile paths do: see
// embed/module.cpp).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "binary/limits.hpp"
#include "binary/module.hpp"
#include "stratus/result.hpp"

namespace stratus::binary {

enum class BodyScan { Full, LeftToValidator };

Result<Module> decode(std::span<const uint8_t> bytes, BodyScan scan = BodyScan::Full);
// The same, keeping `bytes` as Module::bytes instead of copying them.
Result<Module> decode(std::vector<uint8_t>&& bytes, BodyScan scan = BodyScan::Full);

}  // namespace stratus::binary
