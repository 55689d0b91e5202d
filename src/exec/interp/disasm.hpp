// Prints a function's internal code: one line per instruction, with the internal op's name,
// the wasm offset it was translated from and its operands by name (internal_ops.def).
#pragma once

#include <string>

#include "exec/interp/code.hpp"

namespace stratus::exec {

// Operand notation: cells c<N>; immediates and indices in decimal; branch targets @<slot>
// (slots from the function's first); callees func[<index>]; types as (params) -> (results).
std::string disassemble(const CompiledFunc& func);

}  // namespace stratus::exec
