// A module's fields, read in two passes (declarations, then everything) and encoded as the
// binary format's sections.
#pragma once

#include <cstdint>
#include <vector>

#include "text/cursor.hpp"

namespace stratus::text {

// The fields from the cursor up to the ')' or end of input that closes them (left unread).
std::vector<uint8_t> encode_module_fields(Cursor& c);

// A whole module: `(module $id? field*)`, or its fields alone.
std::vector<uint8_t> encode_module(Cursor& c);

}  // namespace stratus::text
