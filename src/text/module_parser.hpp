// A module's fields, read in two passes (declarations, then everything) and encoded as the
// binary format's sections.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "stratus/text.hpp"
#include "text/cursor.hpp"
#include "text/name_section.hpp"

namespace stratus::text {

// The fields from the cursor up to the ')' or end of input that closes them (left unread);
// `module_name` is the name section's module name; `names` the shape of that section (written
// with `options.debug_names`; wasm-tools' shape writes none when nothing is named).
std::vector<uint8_t> encode_module_fields(Cursor& c, const WatOptions& options = {},
                                          std::optional<std::string_view> module_name = std::nullopt,
                                          NameStyle names = NameStyle::Wabt);

// A whole module: `(module $id? field*)`, or its fields alone.
std::vector<uint8_t> encode_module(Cursor& c, const WatOptions& options = {});

}  // namespace stratus::text
