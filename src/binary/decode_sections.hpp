// Internal to the decoder: one function per section kind. Each reads the section's content
// from `r`, which covers the rest of the module (as in the spec's reference decoder, a
// section that claims too few bytes shows up afterwards as "section size mismatch").
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "binary/module.hpp"
#include "binary/reader.hpp"
#include "stratus/result.hpp"

namespace stratus::binary::detail {

// Facts gathered while decoding that only matter for checks at the end.
struct DecodeState {
  bool scan_bodies = true;         // false: BodyScan::LeftToValidator
  bool uses_data_indices = false;  // some body has memory.init or data.drop (known when scanned)
};

// A vector length: at most the bytes left, since every element takes at least one.
Result<uint32_t> read_count(Reader& r);
// A vector length that also counts toward an implementation limit (binary/limits.hpp):
// `before` of the same kind were declared earlier (imports, for the function section), and
// `before + count` must not exceed `limit`. Nothing is allocated before this returns.
Result<uint32_t> read_limited_count(Reader& r, std::string_view what, uint64_t limit, uint64_t before = 0);
// Makes room for `count` more entries, or for as many as the bytes left can hold when each
// takes at least `min_entry_bytes`: exact for an honest count, bounded for a lie. Growing by
// doubling instead would copy, and leave up to half of the capacity unused.
template <class Vector>
void reserve_entries(Vector& v, uint32_t count, const Reader& r, size_t min_entry_bytes) {
  v.reserve(v.size() + std::min<size_t>(count, r.remaining() / min_entry_bytes));
}
Result<ValType> read_valtype(Reader& r);
Result<ValType> read_reftype(Reader& r);
Result<Limits> read_limits(Reader& r);

Result<void> read_type_section(Reader& r, Module& m);
Result<void> read_import_section(Reader& r, Module& m);
Result<void> read_function_section(Reader& r, Module& m);
Result<void> read_table_section(Reader& r, Module& m);
Result<void> read_memory_section(Reader& r, Module& m);
Result<void> read_global_section(Reader& r, Module& m);
Result<void> read_export_section(Reader& r, Module& m);
Result<void> read_start_section(Reader& r, Module& m);
Result<void> read_element_section(Reader& r, Module& m);
Result<void> read_data_count_section(Reader& r, Module& m);
Result<void> read_code_section(Reader& r, Module& m, DecodeState& state);
Result<void> read_data_section(Reader& r, Module& m);
// Element segment `index` from its flags to its item count, leaving `r` at its first item.
Result<ElementSegment> read_element_header(Reader& r, uint32_t index);
// One data segment, from its flags to the end of its bytes.
Result<DataSegment> read_data_segment(Reader& r);
// `size` is the section's declared size; the name must fit in it.
Result<void> read_custom_section(Reader& r, Module& m, uint32_t size);

// Reads a constant expression up to and including its `end`.
Result<ConstExpr> read_const_expr(Reader& r);

// Reads the instructions of the body that starts at r's position up to its final `end`,
// checking block structure.
Result<void> scan_body(Reader& r, DecodeState& state);

// Fills m.names from the name section's content; returns false (leaving m.names alone)
// when the section is malformed, which the spec says must not fail the module.
bool parse_name_section(std::span<const uint8_t> content, uint32_t base, NameSection& out);

}  // namespace stratus::binary::detail
