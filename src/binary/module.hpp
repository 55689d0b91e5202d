// The decoded form of a module: what the binary says, nothing computed beyond it.
// Function bodies stay as byte ranges into `bytes`; the validator and the translator walk
// them with InstrReader.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "binary/packed_indices.hpp"
#include "binary/type_list.hpp"
#include "stratus/types.hpp"
#include "stratus/value.hpp"

namespace stratus::binary {

// A constant expression is almost always a single instruction (plus `end`), so that case is
// read into 32 bytes: the constant as its bits, not as a Val. The module keeps none (a
// segment or global is read again from the bytes when asked); an element item of an invalid
// shape is the one kept, aside. Anything longer (Wasm 3.0's extended constants, `global.get $base i32.const 16
// i32.add`) or not constant at all is a Sequence: it stays in Module::bytes, where
// binary/const_expr.hpp reads it back, so it costs no more than a single instruction.
struct ConstExpr {
  enum class Kind : uint8_t { I32, I64, F32, F64, V128, RefNull, RefFunc, GlobalGet, Sequence };
  Kind kind = Kind::I32;
  ValType null_type = ValType::FuncRef;  // RefNull: the reference type
  uint32_t index = 0;         // RefFunc: function index; GlobalGet: global index
  // Module::bytes[offset, offset + size) holds the expression, its `end` included. A Sequence
  // is any number of instructions but one, or one that is not a constant form above; the
  // decoder checked only that they are well-formed, the validator says whether they are
  // constant and typed (the spec classes the rest as invalid, not malformed).
  uint32_t offset = 0;
  uint32_t size = 0;
  uint8_t bits[16] = {};      // I32..V128: the constant, little-endian

  // I32..V128: the constant; RefNull: a null of its type; otherwise an i32 0.
  Val value() const {
    uint64_t low = 0;
    std::memcpy(&low, bits, sizeof low);
    switch (kind) {
      case Kind::I32: return Val::i32(static_cast<int32_t>(low));
      case Kind::I64: return Val::i64(static_cast<int64_t>(low));
      case Kind::F32: return Val::f32_bits(static_cast<uint32_t>(low));
      case Kind::F64: return Val::f64_bits(low);
      case Kind::V128: {
        V128 v;
        std::memcpy(v.bytes, bits, sizeof bits);
        return Val::v128(v);
      }
      case Kind::RefNull: return Val::null_of(null_type);
      default: return Val();
    }
  }
  // Records `v` (of an I32..V128 kind) as the constant.
  void set_constant(const Val& v) {
    if (v.type() == ValType::V128) {
      std::memcpy(bits, v.v128().bytes, sizeof bits);
      return;
    }
    const uint64_t low = static_cast<uint64_t>(v.i64());
    std::memcpy(bits, &low, sizeof low);
  }
};
static_assert(sizeof(ConstExpr) == 32, "every read of a global or segment makes one");

// 12 bytes, since a module may hold 100,000 imports of 4 bytes: the names are read from the
// bytes when asked (Module::import_names).
struct Import {
  uint32_t names_offset = 0;  // in Module::bytes: the module name (its length, then it), then the name
  ExternKind kind = ExternKind::Func;
  // Func: its type, an index into Module::types. Table, Memory, Global: its index in that
  // index space (imports come first), so its type is Module::tables, memories or
  // global_types at `index`.
  uint32_t index = 0;
};

struct ImportNames {
  std::string_view module;  // into Module::bytes
  std::string_view name;
};

// 12 bytes, since a module may hold 100,000 exports of a few bytes: the name is read from the
// bytes when asked (Module::name_at).
struct Export {
  uint32_t name_offset = 0;  // in Module::bytes: its name's length, then the name
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

// A segment of at least this many items has a checkpoint every this-many items
// (Module::elem_checkpoints), so ElemItems::seek(i) reads at most this many less one items to
// find item i; a shorter segment is read from its first item.
inline constexpr uint32_t kElemCheckpointStride = 32;

// Where an element segment's items are. They are not copied out of Module::bytes: a segment
// may claim ten million of them in as many bytes, and ElemItems (binary/elem_items.hpp) reads
// them where they are.
struct ElemItemList {
  uint32_t segment = 0;             // the segment's index, which finds its checkpoints
  uint32_t count = 0;
  uint32_t offset = 0;              // the first item in Module::bytes
  bool expressions = false;         // items are constant expressions, not function indices
};

// An element segment as binary/element_segment.hpp reads it back from Module::bytes: the
// module keeps only where each segment starts, since 100k passive segments take 3 bytes each.
struct ElementSegment {
  SegmentMode mode = SegmentMode::Active;
  uint32_t table = 0;
  ConstExpr offset;                 // Active only
  ValType elem_type = ValType::FuncRef;
  ElemItemList items;
};

// Module::elem_checkpoints[first, ...) belong to segment `segment`: where its items 0,
// kElemCheckpointStride, 2 * kElemCheckpointStride, ... start, and where its items end when
// their count is a multiple of the stride, so that seek(count) lands on it too.
struct ElemCheckpoints {
  uint32_t segment = 0;
  uint32_t first = 0;
};

// The first item of segment `segment` that is not exactly ref.func (in a funcref segment),
// ref.null of the segment's type or global.get: the module is invalid, and the validator says
// why. Rare, so kept aside rather than in every segment.
struct InvalidElemItem {
  uint32_t segment = 0;
  uint32_t index = 0;               // its position among the segment's items
  ConstExpr item;
};

// A data segment as binary/data_segment.hpp reads it back from Module::bytes: the module keeps
// only where each segment starts, since 100k passive segments take 2 bytes each.
struct DataSegment {
  SegmentMode mode = SegmentMode::Active;  // never Declarative
  uint32_t memory = 0;
  ConstExpr offset;                 // Active only
  uint32_t data_offset = 0;         // the bytes: Module::bytes[data_offset, data_offset + size)
  uint32_t size = 0;
};

struct LocalDecl {
  uint32_t count = 0;
  ValType type = ValType::I32;
};

// 4 bytes whatever the body declares, since a module may hold a million bodies of 4 bytes:
// where its entry starts, where its first instruction is and where it ends are read from
// the bytes when asked (Module::entry_offset, body_offset, body_end), and
// binary/local_decls.hpp reads the declarations.
struct FunctionBody {
  uint32_t locals_offset = 0;       // the local declarations' count, first of the body's bytes
};

struct CustomSection {
  std::string_view name;  // into Module::bytes
  uint32_t data_offset = 0;
  uint32_t size = 0;
};

struct FunctionName {
  uint32_t index = 0;
  std::string_view name;  // into Module::bytes
};

// The names backtraces and the disassembler use; local names are checked but not kept.
struct NameSection {
  std::string_view module_name;            // into Module::bytes
  std::vector<FunctionName> function_names;  // ascending index, each index once
  // The name of function `index`, if the section gives one.
  std::optional<std::string_view> function_name(uint32_t index) const {
    auto it = std::lower_bound(function_names.begin(), function_names.end(), index,
                               [](const FunctionName& n, uint32_t i) { return n.index < i; });
    if (it == function_names.end() || it->index != index) return std::nullopt;
    return it->name;
  }
};

// Names are views of `bytes`, so a Module moves (its bytes stay where they are) but is not
// copied.
struct Module {
  Module() = default;
  Module(Module&&) = default;
  Module& operator=(Module&&) = default;
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  std::vector<uint8_t> bytes;  // the whole binary, owned; offsets and names below point into it

  TypeList types;                     // by type index; each distinct type once
  std::vector<Import> imports;
  // Index spaces: imports come first, then definitions.
  PackedIndices func_types;           // type index of every function (imported + defined)
  std::vector<TableType> tables;      // imported + defined
  std::vector<MemoryType> memories;   // imported + defined
  std::vector<GlobalType> global_types; // imported + defined
  uint32_t num_imported_funcs = 0;
  uint32_t num_imported_tables = 0;
  uint32_t num_imported_memories = 0;
  uint32_t num_imported_globals = 0;

  // Where each defined global's initializer starts in `bytes` (index = global index -
  // num_imported_globals); its type is in global_types. A module may hold a million globals
  // of 5 bytes each, so the expression is read back when asked (binary/const_expr.hpp:
  // global_init) rather than kept as a 32-byte ConstExpr.
  std::vector<uint32_t> global_inits;
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  // Where each element segment starts (its flags) in `bytes`; binary/element_segment.hpp
  // reads it.
  std::vector<uint32_t> element_segments;
  std::vector<uint32_t> elem_checkpoints;             // back to back, segment by segment
  std::vector<ElemCheckpoints> elem_checkpoint_starts;  // ascending segment; none for short ones
  std::vector<InvalidElemItem> invalid_elem_items;      // ascending segment, at most one each
  // Where each data segment starts (its flags) in `bytes`; binary/data_segment.hpp reads it.
  std::vector<uint32_t> data_segments;
  std::optional<uint32_t> data_count;
  std::vector<FunctionBody> codes;    // defined only (index = func index - num_imported_funcs)
  std::vector<CustomSection> customs;
  NameSection names;                  // parse failures of the name section are ignored, as the spec allows
  // False when decode() left the bodies to the validator (BodyScan::LeftToValidator), which
  // then decodes again in full to report a failure as a full decode would.
  bool bodies_scanned = true;

  const FuncType& func_type(uint32_t func_index) const { return types[func_types[func_index]]; }
  // The name whose length starts at `offset` (an Export's name_offset), which the decoder
  // checked (UTF-8, within the bytes); empty, with no data, where a hand-built Module's
  // offset or length lies outside its bytes.
  std::string_view name_at(size_t offset) const;
  // The module and item names of import `index`, likewise.
  ImportNames import_names(size_t index) const;
  // Defined function `defined_index`'s first instruction byte, after its local declarations
  // (which the decoder checked; binary/function_body.cpp reads them again).
  uint32_t body_offset(uint32_t defined_index) const;
  // The start of its entry in the code section (its size LEB), for reports.
  uint32_t entry_offset(uint32_t defined_index) const;
  // One past its final `end`: its local declarations plus the size its entry states. Past
  // the bytes where a hand-built Module states more than it holds.
  uint32_t body_end(uint32_t defined_index) const;
  // Its instructions: [body_offset, body_end), within the bytes.
  std::span<const uint8_t> body(uint32_t defined_index) const {
    const uint32_t begin = body_offset(defined_index);
    const uint32_t end = std::min<uint32_t>(body_end(defined_index), static_cast<uint32_t>(bytes.size()));
    return {bytes.data() + std::min(begin, end), bytes.data() + end};
  }
};

}  // namespace stratus::binary
