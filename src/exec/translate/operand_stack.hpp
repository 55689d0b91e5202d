// The translator's model of the wasm operand stack: where each entry's value lives. The
// operations on it (push, pop, materialize) are FunctionTranslator members in translator.hpp,
// since materializing emits code.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "stratus/types.hpp"

namespace stratus::exec::translator {

constexpr size_t kNone = SIZE_MAX;

struct Operand {
  enum class Kind : uint8_t {
    Temp,   // in its home cell
    Local,  // still in a local's cell (local.get made no copy)
    Const,  // a constant not yet written anywhere
  };
  Kind kind = Kind::Temp;
  ValType type = ValType::I32;
  uint32_t home = 0;  // the operand-stack cell this entry owns
  // 16 bytes an entry, as a body may hold a million values at once: a v128 constant's two
  // halves live beside the stack (TranslatorScratch::wide_consts), `bits` indexing them.
  union {
    uint32_t local;     // Kind::Local: the local's cell
    uint64_t bits = 0;  // Kind::Const: the constant, or a v128's index in wide_consts
  };
};
static_assert(sizeof(Operand) == 16, "a body may hold a million operands at once");

// Every ValType by its encoding, so a block's single result type can be a span.
inline constexpr std::array<ValType, 256> kValTypes = [] {
  std::array<ValType, 256> t{};
  for (size_t k = 0; k < t.size(); ++k) t[k] = static_cast<ValType>(k);
  return t;
}();

inline bool wide_immediate(ValType t) { return t == ValType::I64 || t == ValType::F64; }

}  // namespace stratus::exec::translator
