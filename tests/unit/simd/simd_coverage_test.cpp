// Proves at compile time that every 0xFD opcode in binary/opcodes.def has a semantic function
// named after its enum with the signature its Imm/sig columns call for; that is the contract
// the interpreter's generated dispatch relies on.
#include <gtest/gtest.h>

#include <string_view>
#include <type_traits>
#include <vector>

#include "exec/simd/simd_ops.hpp"
#include "exec/simd/simd_shape.hpp"

namespace simd = stratus::exec::simd;
namespace binary = stratus::binary;

#define STRATUS_OP(name, prefix, code, text, imm, sig, ...)                                              \
  STRATUS_SIMD_ONLY(prefix,                                                                          \
    static_assert(simd::shape_of(binary::Imm::imm, sig) != simd::Shape::Invalid,                    \
                  #name ": opcodes.def row has an Imm/sig pair simd_shape.hpp does not know");     \
    static_assert(std::is_same_v<decltype(simd::name),                                              \
                                 simd::ShapeSignature<simd::shape_of(binary::Imm::imm, sig)>::type>, \
                  #name ": semantic function has the wrong signature");)
#include "binary/opcodes.def"
#undef STRATUS_OP

namespace {

struct SimdOpRow {
  std::string_view text;
  simd::Shape shape;
  const void* function;
};

// The same X-macro, expanded into a runtime table: what the interpreter will do.
const std::vector<SimdOpRow>& simd_rows() {
  static const std::vector<SimdOpRow> rows = {
#define STRATUS_OP(name, prefix, code, text, imm, sig, ...) \
  STRATUS_SIMD_ONLY(prefix, SimdOpRow{text, simd::shape_of(binary::Imm::imm, sig), reinterpret_cast<const void*>(&simd::name)},)
#include "binary/opcodes.def"
#undef STRATUS_OP
  };
  return rows;
}

TEST(SimdCoverage, EveryFdOpcodeHasAFunction) {
  // Wasm 2.0 defines 236 SIMD instructions (0xFD 0..255 minus the 20 unassigned codes).
  EXPECT_EQ(simd_rows().size(), 236u);
  for (const SimdOpRow& row : simd_rows()) {
    EXPECT_NE(row.function, nullptr) << row.text;
    EXPECT_NE(row.shape, simd::Shape::Invalid) << row.text;
  }
}

}  // namespace
