// The calling shape of each 0xFD opcode's semantic function, derived mechanically from the
// Imm and sig columns of binary/opcodes.def. Lets generated dispatch pick the right handler
// template with `if constexpr`, and lets tests prove every function has the agreed signature.
//
//   #define STRATUS_OP(name, prefix, code, text, imm, sig, ...) \
//     STRATUS_SIMD_ONLY(prefix, make_handler<Op::name, simd::shape_of(binary::Imm::imm, sig)>(simd::name);)
//   #include "binary/opcodes.def"
#pragma once

#include <cstdint>
#include <string_view>

#include "binary/instr.hpp"
#include "stratus/value.hpp"

// Keeps only the 0xFD rows of an X-macro expansion: the prefix token pastes into one of these.
#define STRATUS_SIMD_ONLY(prefix, ...) STRATUS_SIMD_ONLY_##prefix(__VA_ARGS__)
#define STRATUS_SIMD_ONLY_0(...)
#define STRATUS_SIMD_ONLY_0xFC(...)
#define STRATUS_SIMD_ONLY_0xFD(...) __VA_ARGS__

namespace stratus::exec::simd {

enum class Shape : uint8_t {
  Binary,         // vv:v
  Unary,          // v:v
  Ternary,        // vvv:v
  Shift,          // vi:v
  Test,           // v:i
  Splat32,        // i:v, f:v
  Splat64,        // l:v, d:v
  ExtractLane32,  // v:i, v:f with a lane immediate
  ExtractLane64,  // v:l, v:d
  ReplaceLane32,  // vi:v, vf:v
  ReplaceLane64,  // vl:v, vd:v
  Shuffle,
  Const,
  Load,
  Store,
  LoadLane,
  StoreLane,
  Invalid,
};

consteval Shape shape_of(binary::Imm imm, std::string_view sig) {
  using binary::Imm;
  switch (imm) {
    case Imm::V128: return Shape::Const;
    case Imm::Shuffle: return Shape::Shuffle;
    case Imm::MemArg: return sig == "i:v" ? Shape::Load : sig == "iv:" ? Shape::Store : Shape::Invalid;
    case Imm::MemArgLane: return sig == "iv:v" ? Shape::LoadLane : sig == "iv:" ? Shape::StoreLane : Shape::Invalid;
    case Imm::Lane:
      if (sig == "v:i" || sig == "v:f") return Shape::ExtractLane32;
      if (sig == "v:l" || sig == "v:d") return Shape::ExtractLane64;
      if (sig == "vi:v" || sig == "vf:v") return Shape::ReplaceLane32;
      if (sig == "vl:v" || sig == "vd:v") return Shape::ReplaceLane64;
      return Shape::Invalid;
    case Imm::None:
      if (sig == "vv:v") return Shape::Binary;
      if (sig == "v:v") return Shape::Unary;
      if (sig == "vvv:v") return Shape::Ternary;
      if (sig == "vi:v") return Shape::Shift;
      if (sig == "v:i") return Shape::Test;
      if (sig == "i:v" || sig == "f:v") return Shape::Splat32;
      if (sig == "l:v" || sig == "d:v") return Shape::Splat64;
      return Shape::Invalid;
    default: return Shape::Invalid;
  }
}

// The function type a semantic function of each shape has.
template <Shape>
struct ShapeSignature;
template <> struct ShapeSignature<Shape::Binary> { using type = V128(V128, V128); };
template <> struct ShapeSignature<Shape::Unary> { using type = V128(V128); };
template <> struct ShapeSignature<Shape::Ternary> { using type = V128(V128, V128, V128); };
template <> struct ShapeSignature<Shape::Shift> { using type = V128(V128, uint32_t); };
template <> struct ShapeSignature<Shape::Test> { using type = uint32_t(V128); };
template <> struct ShapeSignature<Shape::Splat32> { using type = V128(uint32_t); };
template <> struct ShapeSignature<Shape::Splat64> { using type = V128(uint64_t); };
template <> struct ShapeSignature<Shape::ExtractLane32> { using type = uint32_t(V128, uint8_t); };
template <> struct ShapeSignature<Shape::ExtractLane64> { using type = uint64_t(V128, uint8_t); };
template <> struct ShapeSignature<Shape::ReplaceLane32> { using type = V128(V128, uint32_t, uint8_t); };
template <> struct ShapeSignature<Shape::ReplaceLane64> { using type = V128(V128, uint64_t, uint8_t); };
template <> struct ShapeSignature<Shape::Shuffle> { using type = V128(V128, V128, V128); };
template <> struct ShapeSignature<Shape::Const> { using type = V128(V128); };
template <> struct ShapeSignature<Shape::Load> { using type = V128(const uint8_t*); };
template <> struct ShapeSignature<Shape::Store> { using type = void(uint8_t*, V128); };
template <> struct ShapeSignature<Shape::LoadLane> { using type = V128(const uint8_t*, V128, uint8_t); };
template <> struct ShapeSignature<Shape::StoreLane> { using type = void(uint8_t*, V128, uint8_t); };

}  // namespace stratus::exec::simd
