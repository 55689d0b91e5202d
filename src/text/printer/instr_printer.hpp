// Instructions as text, their names and immediate shapes from binary/opcodes.def (the `text`
// and `Imm` columns), read with the decoder's InstrReader. Bodies print flat, one
// instruction a line, nesting kept as a depth counter, so no nesting depth costs native stack.
#pragma once

#include <cstdint>
#include <span>

#include "binary/instr.hpp"
#include "binary/module.hpp"
#include "stratus/result.hpp"
#include "text/printer/names.hpp"
#include "text/printer/text_out.hpp"

namespace stratus::text::printer {

struct InstrContext {
  const binary::Module& module;
  const Names& names;
  uint32_t func = 0;  // the function whose locals `local.get` names; unused outside bodies
};

// `instr` as text: its name and immediates, on the current line.
Result<void> print_instr(TextOut& out, const binary::Instr& instr, const InstrContext& ctx);

// Defined function `defined_index`'s instructions, one a line at `depth` plus their nesting,
// its final `end` left out.
Result<void> print_body(TextOut& out, uint32_t defined_index, uint32_t depth, const InstrContext& ctx);

// The expression at Module::bytes[offset, ...) up to its final `end`, on the current line,
// each instruction after a space. Returns the offset one past that `end`.
Result<uint32_t> print_expr(TextOut& out, uint32_t offset, const InstrContext& ctx);

}  // namespace stratus::text::printer
