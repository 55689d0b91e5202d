// `stratus disasm`: prints the interpreter's internal code of a module's functions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "stratus/result.hpp"

namespace stratus::cli {

struct DisasmOptions {
  std::optional<std::string> func;  // a function index or its name-section name; all defined ones if unset
  bool explicit_bounds = false;     // translate for explicit bounds checks instead of guard pages
};

// Decodes, validates and translates `wasm` as Module::compile does, then disassembles.
Result<std::string> disassemble_module(std::span<const uint8_t> wasm, const DisasmOptions& options);

// The subcommand: `words` are the arguments after "disasm". Returns the exit status.
int disasm_command(const std::vector<std::string>& words);

}  // namespace stratus::cli
