// The interpreter's internal code of a module's functions as text, for `stratus disasm` and the
// translator's golden tests. Internal to Stratus: the format follows the internal code.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "stratus/result.hpp"

namespace stratus::detail {

struct DisasmOptions {
  std::optional<std::string> func;  // a function index or its name-section name; all defined ones if unset
  bool explicit_bounds = false;     // translate for explicit bounds checks instead of guard pages
};

// Decodes, validates and translates `wasm` as Module::compile does, then disassembles.
Result<std::string> disassemble_module(std::span<const uint8_t> wasm, const DisasmOptions& options);

}  // namespace stratus::detail
