// The interpreter's instruction layouts, generated from internal_ops.def.
//
// For each layout L (say op::Binary):
//   L::dst, L::a, ...  typed field descriptors: `L::dst(ip)` reads the field of the instruction
//                      at ip (a handler's operand), L::dst.word is its 32-bit field index;
//   L::Args            the field values by name, for the translator: `{.dst = d, .a = x, .b = y}`;
//   write_fields(p, args) stores them into the instruction at p;
//   L::fields, L::slots  its size in 32-bit fields and in 8-byte slots (handler included).
// Field reads compile to the same single load as a hand-written memcpy at a fixed offset.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "exec/interp/code.hpp"

namespace stratus {
struct FuncType;
}

namespace stratus::exec::op {

// Field kinds: what a field holds (value), how many 32-bit words it takes (words).
namespace kind {
struct Cell { using value = uint32_t; static constexpr unsigned words = 1; };
struct CellOrImm { using value = uint32_t; static constexpr unsigned words = 1; };
struct U32 { using value = uint32_t; static constexpr unsigned words = 1; };
struct Imm32 { using value = uint32_t; static constexpr unsigned words = 1; };
struct Lane { using value = uint32_t; static constexpr unsigned words = 1; };
struct Branch { using value = uint32_t; static constexpr unsigned words = 1; };  // an int32 offset
struct Pad { using value = uint32_t; static constexpr unsigned words = 1; };
struct Imm64 { using value = uint64_t; static constexpr unsigned words = 2; };
struct Func { using value = const CompiledFunc*; static constexpr unsigned words = 2; };
struct Type { using value = const FuncType*; static constexpr unsigned words = 2; };
struct Lanes16 { using value = std::array<uint8_t, 16>; static constexpr unsigned words = 4; };
}  // namespace kind

// What the disassembler needs to know of a kind.
enum class FieldKind : uint8_t { Cell, CellOrImm, U32, Imm32, Lane, Branch, Pad, Imm64, Func, Type, Lanes16 };
template <class K> constexpr FieldKind field_kind_of();
#define STRATUS_KIND_ID(K) \
  template <> constexpr FieldKind field_kind_of<kind::K>() { return FieldKind::K; }
STRATUS_KIND_ID(Cell) STRATUS_KIND_ID(CellOrImm) STRATUS_KIND_ID(U32) STRATUS_KIND_ID(Imm32)
STRATUS_KIND_ID(Lane) STRATUS_KIND_ID(Branch) STRATUS_KIND_ID(Pad) STRATUS_KIND_ID(Imm64)
STRATUS_KIND_ID(Func) STRATUS_KIND_ID(Type) STRATUS_KIND_ID(Lanes16)
#undef STRATUS_KIND_ID

// The words a field occupies, for computing offsets with offsetof.
template <class K>
using Storage = std::conditional_t<K::words == 1, uint32_t, std::array<uint32_t, K::words>>;

// A field of kind K at byte offset Offset from the first operand word.
template <class K, size_t Offset>
struct Field {
  using Kind = K;
  using Value = typename K::value;
  static constexpr unsigned word = Offset / 4;

  [[gnu::always_inline]] Value operator()(const Slot* ip) const {
    const char* at = reinterpret_cast<const char*>(ip + 1) + Offset;
    if constexpr (std::is_pointer_v<Value>) {
      uint64_t bits;
      std::memcpy(&bits, at, 8);
      return reinterpret_cast<Value>(static_cast<uintptr_t>(bits));
    } else {
      Value v;
      std::memcpy(&v, at, sizeof v);
      return v;
    }
  }
  // The field's bits as a T of the same size (an immediate's float or double).
  template <class T>
  [[gnu::always_inline]] static T as(const Slot* ip) {
    static_assert(sizeof(T) == K::words * 4);
    T v;
    std::memcpy(&v, reinterpret_cast<const char*>(ip + 1) + Offset, sizeof v);
    return v;
  }
  // Where the field starts, for fields read in bulk (a shuffle's lane bytes).
  [[gnu::always_inline]] static const char* address(const Slot* ip) {
    return reinterpret_cast<const char*>(ip + 1) + Offset;
  }
  static void write(Slot* instr, const Value& v) {
    char* at = reinterpret_cast<char*>(instr + 1) + Offset;
    if constexpr (std::is_pointer_v<Value>) {
      const uint64_t bits = reinterpret_cast<uintptr_t>(v);
      std::memcpy(at, &bits, 8);
    } else {
      std::memcpy(at, &v, sizeof v);
    }
  }
};

constexpr unsigned slots_for_fields(unsigned fields) { return 1 + (fields + 1) / 2; }

// One field of a layout, as the disassembler sees it.
struct FieldInfo {
  const char* name;
  FieldKind kind;
  unsigned word;
};

// Identifies a layout at run time (the disassembler, layouts chosen per opcode).
enum class LayoutId : uint8_t {
#define STRATUS_LAYOUT(Name) Name,
#define STRATUS_FIELD(K, n)
#define STRATUS_END
#include "exec/interp/internal_ops.def"
#undef STRATUS_LAYOUT
#undef STRATUS_FIELD
#undef STRATUS_END
  Count_,
  ByOp,  // in internal_ops.def: the family's opcode decides
};

// The storage structs, whose member offsets are the field offsets.
namespace storage {
#define STRATUS_LAYOUT(Name) struct Name {
#define STRATUS_FIELD(K, name) Storage<kind::K> name;
#define STRATUS_END };
#include "exec/interp/internal_ops.def"
#undef STRATUS_LAYOUT
#undef STRATUS_FIELD
#undef STRATUS_END
}  // namespace storage

// The argument structs of the emit helpers.
namespace args {
#define STRATUS_LAYOUT(Name) struct Name {
#define STRATUS_FIELD(K, name) typename kind::K::value name{};
#define STRATUS_END };
#include "exec/interp/internal_ops.def"
#undef STRATUS_LAYOUT
#undef STRATUS_FIELD
#undef STRATUS_END
}  // namespace args

#define STRATUS_LAYOUT(Name)                                                     \
  struct Name {                                                                  \
    using Storage = storage::Name;                                               \
    using Args = args::Name;                                                     \
    static constexpr LayoutId id = LayoutId::Name;                               \
    static constexpr unsigned fields = std::is_empty_v<Storage> ? 0 : sizeof(Storage) / 4; \
    static constexpr unsigned slots = slots_for_fields(fields);
#define STRATUS_FIELD(K, n) static constexpr Field<kind::K, offsetof(Storage, n)> n{};
#define STRATUS_END };
#include "exec/interp/internal_ops.def"
#undef STRATUS_LAYOUT
#undef STRATUS_FIELD
#undef STRATUS_END

// write_fields: every field of `a` into the instruction at `instr` (overloaded per layout).
#define STRATUS_LAYOUT(Name) \
  inline void write_fields(Slot* instr, const args::Name& a) { using L [[maybe_unused]] = Name; (void)instr; (void)a;
#define STRATUS_FIELD(K, n) L::n.write(instr, a.n);
#define STRATUS_END }
#include "exec/interp/internal_ops.def"
#undef STRATUS_LAYOUT
#undef STRATUS_FIELD
#undef STRATUS_END

struct LayoutInfo {
  const char* name;
  unsigned fields;
  unsigned slots;
  const FieldInfo* field_info;  // `count` entries
  unsigned count;
};
const LayoutInfo& layout_info(LayoutId id);

// Every conditional branch keeps its offset in field 1, so a fixup can name any of them alike.
inline constexpr unsigned kConditionalBranchWord = 1;
static_assert(TestBranch::off.word == kConditionalBranchWord && CompareBranch::off.word == kConditionalBranchWord &&
              CompareBranchImm32::off.word == kConditionalBranchWord &&
              CompareBranchImm64::off.word == kConditionalBranchWord && AddBranch::off.word == kConditionalBranchWord &&
              JumpCond::off.word == kConditionalBranchWord);
// Every instruction with a result writes it to the cell in field 0, so the translator can
// retarget a result (into a local, or cell 0 before a return) without knowing its layout.
inline constexpr Field<kind::Cell, 0> result{};
static_assert(Unary::dst.word == 0 && Binary::dst.word == 0 && Ternary::dst.word == 0 && UnaryLane::dst.word == 0 &&
              BinaryLane::dst.word == 0 && Shuffle::dst.word == 0 && BinaryImm32::dst.word == 0 &&
              BinaryImm64::dst.word == 0 && Load::dst.word == 0 && LoadLane::dst.word == 0 && LoadAdd::dst.word == 0 &&
              WithLoad::dst.word == 0 && WithLoadAdd::dst.word == 0 && WithShift::dst.word == 0 &&
              Chain::dst.word == 0 && AddPair::dst2.word == 0 && Select::dst.word == 0 && GlobalGet::dst.word == 0 &&
              MemorySize::dst.word == 0 && MemoryGrow::dst.word == 0 && TableGet::dst.word == 0 &&
              TableSize::dst.word == 0 && TableGrow::dst.word == 0 && RefFunc::dst.word == 0 &&
              RefIsNull::dst.word == 0 && Copy::dst.word == 0 && Const32::dst.word == 0);

}  // namespace stratus::exec::op
