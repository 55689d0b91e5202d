// Sections describing the module's index spaces: types, imports, functions, tables,
// memories, globals, exports and start.
#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "binary/decode_sections.hpp"
#include "binary/limits.hpp"
#include "binary/try.hpp"
#include "binary/valtype.hpp"

namespace stratus::binary::detail {

namespace {

// The spec encodes type constructors as one-byte signed LEBs; a continuation bit there means
// the encoding is longer than a 7-bit integer allows.
Result<uint8_t> read_type_byte(Reader& r) {
  STRATUS_TRY(uint8_t byte, r.u8());
  if (byte & 0x80) return r.error("integer representation too long");
  return byte;
}

Result<GlobalType> read_global_type(Reader& r) {
  GlobalType type;
  STRATUS_TRY(type.type, read_valtype(r));
  const uint32_t at = r.offset();
  STRATUS_TRY(uint8_t mut, r.u8());
  if (mut > 1) return r.error_at(at, "malformed mutability");
  type.mut = mut == 1;
  return type;
}

Result<TableType> read_table_type(Reader& r) {
  TableType type;
  STRATUS_TRY(type.elem, read_reftype(r));
  STRATUS_TRY(type.limits, read_limits(r));
  return type;
}

// Imports count toward the limit of their index space as definitions do; only memories can
// pass theirs within kMaxImports, but each space is checked so no limit rests on another.
Result<void> check_import_space(const Reader& r, const Module& m, uint8_t kind, uint32_t at) {
  switch (kind) {
    case 0:
      if (m.func_types.size() + 1 > kMaxFunctions) return r.error_at(at, too_many("functions", m.func_types.size() + 1, kMaxFunctions));
      break;
    case 1:
      if (m.tables.size() + 1 > kMaxTables) return r.error_at(at, too_many("tables", m.tables.size() + 1, kMaxTables));
      break;
    case 2:
      if (m.memories.size() + 1 > kMaxMemories) return r.error_at(at, too_many("memories", m.memories.size() + 1, kMaxMemories));
      break;
    case 3:
      if (m.global_types.size() + 1 > kMaxGlobals) return r.error_at(at, too_many("globals", m.global_types.size() + 1, kMaxGlobals));
      break;
    default:
      break;  // the caller reports the kind
  }
  return {};
}

}  // namespace

Result<uint32_t> read_count(Reader& r) {
  // As in the reference decoder, the bound includes the count's own bytes.
  const uint32_t at = r.offset();
  const size_t available = r.remaining();
  STRATUS_TRY(uint32_t count, r.u32());
  if (count > available) return r.error_at(at, "length out of bounds");
  return count;
}

Result<uint32_t> read_limited_count(Reader& r, std::string_view what, uint64_t limit, uint64_t before) {
  const uint32_t at = r.offset();
  STRATUS_TRY(uint32_t count, read_count(r));
  if (before + count > limit) return r.error_at(at, too_many(what, before + count, limit));
  return count;
}

Result<ValType> read_valtype(Reader& r) {
  const uint32_t at = r.offset();
  STRATUS_TRY(uint8_t byte, read_type_byte(r));
  ValType type;
  if (!decode_valtype(byte, type)) return r.error_at(at, "malformed value type");
  return type;
}

Result<ValType> read_reftype(Reader& r) {
  const uint32_t at = r.offset();
  STRATUS_TRY(uint8_t byte, read_type_byte(r));
  ValType type;
  if (!decode_reftype(byte, type)) return r.error_at(at, "malformed reference type");
  return type;
}

Result<Limits> read_limits(Reader& r) {
  // Wasm 2.0 reads the flags as a 1-bit LEB, hence the integer-style errors.
  const uint32_t at = r.offset();
  STRATUS_TRY(uint8_t flags, r.u8());
  if ((flags & 0x7F) > 1) return r.error_at(at, "integer too large");
  if (flags & 0x80) return r.error("integer representation too long");
  Limits limits;
  STRATUS_TRY(limits.min, r.u32());
  if (flags == 1) {
    STRATUS_TRY(uint32_t max, r.u32());
    limits.max = max;
  }
  return limits;
}

// Types with the same encoding are the same type: the section keeps one FuncType for them.
// The map of encodings seen is bounded, so a section of distinct types costs no more than it
// did, only those past the bound are not shared.
constexpr size_t kMaxRememberedTypeEncodings = 65536;

Result<void> read_type_section(Reader& r, Module& m) {
  STRATUS_TRY(uint32_t count, read_limited_count(r, "types", kMaxTypes));
  reserve_entries(m.types, count, r, 3);  // 0x60 and two empty vectors
  std::unordered_map<std::string_view, uint32_t> seen;
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t at = r.offset();
    STRATUS_TRY(uint8_t form, read_type_byte(r));
    if (form != 0x60) return r.error_at(at, "malformed function type");
    FuncType type;
    STRATUS_TRY(uint32_t num_params, read_limited_count(r, "parameters in a function type", kMaxFunctionParams));
    type.params.reserve(num_params);
    for (uint32_t k = 0; k < num_params; ++k) {
      STRATUS_TRY(ValType param, read_valtype(r));
      type.params.push_back(param);
    }
    STRATUS_TRY(uint32_t num_results, read_limited_count(r, "results in a function type", kMaxFunctionResults));
    type.results.reserve(num_results);
    for (uint32_t k = 0; k < num_results; ++k) {
      STRATUS_TRY(ValType result, read_valtype(r));
      type.results.push_back(result);
    }
    const std::string_view encoding(reinterpret_cast<const char*>(m.bytes.data()) + at, r.offset() - at);
    if (auto it = seen.find(encoding); it != seen.end()) {
      m.types.push_back_same_as(it->second);
      continue;
    }
    if (seen.size() < kMaxRememberedTypeEncodings)
      seen.emplace(encoding, static_cast<uint32_t>(m.types.distinct().size()));
    m.types.push_back(std::move(type));
  }
  return {};
}

Result<void> read_import_section(Reader& r, Module& m) {
  STRATUS_TRY(uint32_t count, read_limited_count(r, "imports", kMaxImports));
  reserve_entries(m.imports, count, r, 4);  // two empty names, a kind, an index
  // Most imports are functions, and each has its type there.
  reserve_entries(m.func_types, count, r, 4);
  for (uint32_t i = 0; i < count; ++i) {
    Import import;
    import.names_offset = r.offset();
    STRATUS_CHECK(r.name());
    STRATUS_CHECK(r.name());
    const uint32_t kind_at = r.offset();
    STRATUS_TRY(uint8_t kind, r.u8());
    STRATUS_CHECK(check_import_space(r, m, kind, kind_at));
    switch (kind) {
      case 0: {
        import.kind = ExternKind::Func;
        STRATUS_TRY(import.index, r.u32());
        m.func_types.push_back(import.index);
        ++m.num_imported_funcs;
        break;
      }
      case 1: {
        import.kind = ExternKind::Table;
        STRATUS_TRY(TableType table, read_table_type(r));
        import.index = static_cast<uint32_t>(m.tables.size());
        m.tables.push_back(table);
        ++m.num_imported_tables;
        break;
      }
      case 2: {
        import.kind = ExternKind::Memory;
        MemoryType memory;
        STRATUS_TRY(memory.limits, read_limits(r));
        import.index = static_cast<uint32_t>(m.memories.size());
        m.memories.push_back(memory);
        ++m.num_imported_memories;
        break;
      }
      case 3: {
        import.kind = ExternKind::Global;
        STRATUS_TRY(GlobalType global, read_global_type(r));
        import.index = static_cast<uint32_t>(m.global_types.size());
        m.global_types.push_back(global);
        ++m.num_imported_globals;
        break;
      }
      default:
        return r.error_at(kind_at, "malformed import kind");
    }
    m.imports.push_back(std::move(import));
  }
  return {};
}

Result<void> read_function_section(Reader& r, Module& m) {
  STRATUS_TRY(uint32_t count, read_limited_count(r, "functions", kMaxFunctions, m.func_types.size()));
  reserve_entries(m.func_types, count, r, 1);
  for (uint32_t i = 0; i < count; ++i) {
    STRATUS_TRY(uint32_t type_index, r.u32());
    m.func_types.push_back(type_index);
  }
  return {};
}

Result<void> read_table_section(Reader& r, Module& m) {
  STRATUS_TRY(uint32_t count, read_limited_count(r, "tables", kMaxTables, m.tables.size()));
  for (uint32_t i = 0; i < count; ++i) {
    STRATUS_TRY(TableType type, read_table_type(r));
    m.tables.push_back(type);
  }
  return {};
}

Result<void> read_memory_section(Reader& r, Module& m) {
  STRATUS_TRY(uint32_t count, read_limited_count(r, "memories", kMaxMemories, m.memories.size()));
  for (uint32_t i = 0; i < count; ++i) {
    MemoryType type;
    STRATUS_TRY(type.limits, read_limits(r));
    m.memories.push_back(type);
  }
  return {};
}

Result<void> read_global_section(Reader& r, Module& m) {
  STRATUS_TRY(uint32_t count, read_limited_count(r, "globals", kMaxGlobals, m.global_types.size()));
  // A type, its mutability and at least an `end`.
  reserve_entries(m.global_inits, count, r, 3);
  reserve_entries(m.global_types, count, r, 3);
  for (uint32_t i = 0; i < count; ++i) {
    STRATUS_TRY(GlobalType type, read_global_type(r));
    m.global_inits.push_back(r.offset());
    STRATUS_CHECK(read_const_expr(r));
    m.global_types.push_back(type);
  }
  return {};
}

Result<void> read_export_section(Reader& r, Module& m) {
  STRATUS_TRY(uint32_t count, read_limited_count(r, "exports", kMaxExports));
  reserve_entries(m.exports, count, r, 3);  // an empty name, a kind, an index
  for (uint32_t i = 0; i < count; ++i) {
    Export item;
    item.name_offset = r.offset();
    STRATUS_CHECK(r.name());
    const uint32_t kind_at = r.offset();
    STRATUS_TRY(uint8_t kind, r.u8());
    if (kind > 3) return r.error_at(kind_at, "malformed export kind");
    item.kind = static_cast<ExternKind>(kind);
    STRATUS_TRY(item.index, r.u32());
    m.exports.push_back(std::move(item));
  }
  return {};
}

Result<void> read_start_section(Reader& r, Module& m) {
  STRATUS_TRY(uint32_t index, r.u32());
  m.start = index;
  return {};
}

}  // namespace stratus::binary::detail
