// Element and data segments as text, written so that the parser picks the segment's flags
// from what the text says (see README.md for the forms it cannot tell apart).
#pragma once

#include <cstdint>

#include "stratus/result.hpp"
#include "text/printer/instr_printer.hpp"

namespace stratus::text::printer {

Result<void> print_elem_segment(TextOut& out, uint32_t index, const InstrContext& ctx);
Result<void> print_data_segment(TextOut& out, uint32_t index, const InstrContext& ctx);

}  // namespace stratus::text::printer
