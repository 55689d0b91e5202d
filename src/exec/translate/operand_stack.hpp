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
  // 8 bytes an entry, as a body may hold kMaxOperandStackHeight values at once, for as little
  // as two bytes of input each. A constant wider than its 32-bit payload lives beside the
  // stack: a v128's two halves always (TranslatorScratch::wide_consts), an i64's or f64's
  // bits when they are not a sign-extended 31-bit value (TranslatorScratch::wide_scalars),
  // `bits` then indexing them (with kWideScalar set, for the scalars).
  ValType type = ValType::I32;
  Kind kind : 2 = Kind::Temp;
  uint32_t home : 22 = 0;  // the operand-stack cell this entry owns
  union {
    uint32_t local;     // Kind::Local: the local's cell
    uint32_t bits = 0;  // Kind::Const: the constant, or where it lives (see above)
  };

  static constexpr uint32_t kMaxHome = (1u << 22) - 1;
  static constexpr uint32_t kWideScalar = 1u << 31;
};
static_assert(sizeof(Operand) == 8, "a body may hold a million operands at once");

// Every ValType by its encoding, so a block's single result type can be a span.
inline constexpr std::array<ValType, 256> kValTypes = [] {
  std::array<ValType, 256> t{};
  for (size_t k = 0; k < t.size(); ++k) t[k] = static_cast<ValType>(k);
  return t;
}();

inline bool wide_immediate(ValType t) { return t == ValType::I64 || t == ValType::F64; }

}  // namespace stratus::exec::translator
