// The canonical ABI's static facts about each value type of a component: its size and
// alignment in linear memory, its flat (core) types, where each field or case payload sits,
// and each function type's core signature. Computed once per TypeTables, so a call looks
// them up and never walks a type to measure it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "component/types/types.hpp"
#include "stratus/result.hpp"
#include "stratus/types.hpp"
#include "stratus/value.hpp"

namespace stratus::component::abi {

inline constexpr uint32_t kMaxFlatParams = 16;
inline constexpr uint32_t kMaxFlatResults = 1;
// CanonicalABI.md's MAX_STRING_BYTE_LENGTH and MAX_LIST_BYTE_LENGTH.
inline constexpr uint32_t kMaxStringByteLength = (1u << 28) - 1;
inline constexpr uint32_t kMaxListByteLength = (1u << 28) - 1;
// The latin1+utf16 encoding's tag bit in a 32-bit string length: set for UTF-16.
inline constexpr uint32_t kUtf16Tag = 1u << 31;
// Deeper types are rejected, so lifting and lowering recurse at most this deep (wasmparser's
// MAX_TYPE_DEPTH is the same).
inline constexpr uint32_t kMaxTypeDepth = 100;

enum class FlatType : uint8_t { I32, I64, F32, F64 };
stratus::ValType to_core(FlatType t);

// A flat value's cell as a core Val of its flat type, and back, for callers that hold core
// Vals (Func::call) rather than cells (host calls).
stratus::Val cell_to_val(uint64_t cell, FlatType t);
uint64_t val_to_cell(const stratus::Val& v);

// A type's layout. Flat types are kept only while there are at most kMaxFlatParams of them:
// a longer flattening is never passed flat (it spills to memory), so only its count matters,
// and that saturates at kMaxFlatParams + 1.
struct Layout {
  uint32_t size = 0;
  uint32_t align = 1;
  uint32_t flat_count = 0;
  std::vector<FlatType> flat;
  // Records and tuples: each field's offset. Variants (enum, option, result too): the
  // discriminant's size in memory (1, 2 or 4) and the offset of every case's payload.
  std::vector<uint32_t> field_offsets;
  uint8_t discriminant_size = 0;
  uint32_t payload_offset = 0;
  // Flags: the number of 32-bit words they flatten to (more than one past 32 flags).
  uint32_t flag_words = 0;
  // How deeply the type nests: 0 for a primitive, 1 + its deepest child's otherwise.
  uint32_t depth = 0;

  bool fits_flat(uint32_t max) const { return flat_count <= max; }
};

enum class FlattenFor : uint8_t { Lift, Lower };

// A function type's place in core wasm. Params beyond kMaxFlatParams flat values are passed
// as one pointer to a tuple of them; a result beyond kMaxFlatResults is returned through a
// pointer (lift: the callee returns it; lower: the caller passes it as a last param).
struct FuncLayout {
  std::vector<ValType> param_types;
  std::vector<FlatType> param_flat;  // empty when params_in_memory
  bool params_in_memory = false;
  Layout params_tuple;               // the params as one tuple, for the spilled case
  std::vector<FlatType> result_flat; // empty when result_in_memory
  bool result_in_memory = false;

  // The core function type of `canon lift` (what the lifted core function must have) or of
  // `canon lower` (what the lowered import is).
  stratus::FuncType core_type(FlattenFor context) const;
};

// Immutable once computed, so one Layouts serves every instance and thread of a component.
class Layouts {
 public:
  // Every value and function type in `types`; an Error (Invalid) for a type deeper than
  // kMaxTypeDepth, one larger than 4 GiB, or a cycle (which validation rules out).
  static Result<Layouts> compute(const TypeTables& types);
  // The types appended to `types` since the last compute or extend. It may move the layouts,
  // so references from of() do not survive it.
  Result<void> extend(const TypeTables& types);

  const Layout& of(ValType t) const;
  const FuncLayout& func(FuncTypeId id) const { return funcs_[id.index]; }

 private:
  struct Memo {
    std::vector<Layout> layouts;
    std::vector<uint8_t> state;  // 0 not yet, 1 being computed, 2 done
  };
  Memo& memo(ValKind kind);
  const Memo& memo(ValKind kind) const;
  Result<const Layout*> compute_one(const TypeTables& types, ValType t, uint32_t depth);
  Result<Layout> measure(const TypeTables& types, ValType t, uint32_t depth);

  Memo records_, variants_, lists_, tuples_, flags_, enums_, options_, results_;
  std::vector<FuncLayout> funcs_;
};

// CanonicalABI.md's join of two flat types, as variants merge their cases' flattenings.
FlatType join(FlatType a, FlatType b);

inline uint32_t align_to(uint32_t offset, uint32_t align) { return (offset + align - 1) & ~(align - 1); }

}  // namespace stratus::component::abi
