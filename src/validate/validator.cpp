#include "validate/validator.hpp"

#include <algorithm>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "binary/const_expr.hpp"
#include "binary/data_segment.hpp"
#include "binary/decoder.hpp"
#include "binary/elem_items.hpp"
#include "binary/element_segment.hpp"
#include "validate/const_expr.hpp"
#include "validate/context.hpp"
#include "validate/function_validator.hpp"
#include "validate/messages.hpp"
#include "stratus/printable.hpp"

namespace stratus::validate {

namespace {

constexpr uint64_t kMaxTableSize = 0xFFFFFFFFu;

// "export 3: <reason>" for module items that have no byte offset of their own.
std::string in_item(std::string_view kind, uint64_t index, std::string_view reason) {
  std::string out(kind);
  out.push_back(' ');
  out.append(std::to_string(index));
  out.append(": ");
  out.append(reason);
  return out;
}

// The decoder builds the index spaces; a Module assembled by hand (or by a buggy decoder)
// could break their invariants, and every later check indexes by them.
Result<void> check_index_spaces(const binary::Module& m) {
  if (m.func_types.size() < m.num_imported_funcs || m.tables.size() < m.num_imported_tables ||
      m.memories.size() < m.num_imported_memories ||
      m.global_types.size() != uint64_t{m.num_imported_globals} + m.global_inits.size()) {
    return malformed("module index spaces are inconsistent with its imports");
  }
  if (m.codes.size() != m.func_types.size() - m.num_imported_funcs) {
    return malformed("function and code section have inconsistent lengths");
  }
  if (m.data_count && *m.data_count != m.data_segments.size()) {
    return malformed("data count and data section have inconsistent lengths");
  }
  return {};
}

Result<void> check_table_type(const TableType& t, std::string_view kind, uint64_t index) {
  if (!is_ref(t.elem)) return malformed(in_item(kind, index, "table element type must be a reference type"));
  const Limits& l = t.limits;
  if (l.min > kMaxTableSize || (l.max && *l.max > kMaxTableSize)) {
    return invalid(in_item(kind, index, "table size must be at most 2^32-1"));
  }
  if (l.max && l.min > *l.max) return invalid(in_item(kind, index, "size minimum must not be greater than maximum"));
  return {};
}

Result<void> check_memory_type(const MemoryType& t, std::string_view kind, uint64_t index) {
  const Limits& l = t.limits;
  if (l.min > kMaxPages32 || (l.max && *l.max > kMaxPages32)) {
    return invalid(in_item(kind, index, "memory size must be at most 65536 pages (4GiB)"));
  }
  if (l.max && l.min > *l.max) return invalid(in_item(kind, index, "size minimum must not be greater than maximum"));
  return {};
}

Result<void> check_imports_and_definitions(const binary::Module& m) {
  for (size_t i = 0; i < m.imports.size(); ++i) {
    const binary::Import& imp = m.imports[i];
    switch (imp.kind) {
      case ExternKind::Func:
        if (imp.index >= m.types.size()) return invalid(in_item("import", i, unknown("type", imp.index)));
        break;
      case ExternKind::Table:
        if (auto r = check_table_type(m.tables[imp.index], "import", i); !r) return r;
        break;
      case ExternKind::Memory:
        if (auto r = check_memory_type(m.memories[imp.index], "import", i); !r) return r;
        break;
      case ExternKind::Global:
        break;
    }
  }
  for (size_t f = 0; f < m.func_types.size(); ++f) {
    if (m.func_types[f] >= m.types.size()) return invalid(in_item("function", f, unknown("type", m.func_types[f])));
  }
  for (size_t t = m.num_imported_tables; t < m.tables.size(); ++t) {
    if (auto r = check_table_type(m.tables[t], "table", t); !r) return r;
  }
  for (size_t t = m.num_imported_memories; t < m.memories.size(); ++t) {
    if (auto r = check_memory_type(m.memories[t], "memory", t); !r) return r;
  }
  if (m.memories.size() > 1) return invalid("multiple memories are not allowed in Wasm 2.0");
  // Wasm 3.0: an initializer may read the globals before its own, imported or defined.
  for (uint32_t i = 0; i < m.global_inits.size(); ++i) {
    auto init = binary::global_init(m, i);
    if (!init) return init.error();
    const uint32_t index = m.num_imported_globals + i;
    if (auto r = check_const_expr(m, *init, m.global_types[index].type, index); !r) return r;
  }
  return {};
}

// The decoder left the items in the module's bytes when every one has a valid shape, and
// otherwise set aside the first that does not; the items before it are checked first, so the
// error is the first item's in order, as if each were checked as an expression.
Result<void> check_element_items(const binary::Module& m, const binary::ElementSegment& seg, uint32_t index) {
  const binary::InvalidElemItem* invalid_item = binary::invalid_elem_item(m, index);
  const uint32_t readable = invalid_item ? invalid_item->index : seg.items.count;
  binary::ElemItems items(m, seg.items);
  for (uint32_t k = 0; k < readable; ++k) {
    const binary::ElemItem item = items.next();
    switch (item.kind) {
      case binary::ElemItem::Kind::Func:
        if (item.index >= m.func_types.size()) {
          return invalid(in_item("element segment", index, unknown("function", item.index) + " in item " + std::to_string(k)));
        }
        break;
      case binary::ElemItem::Kind::Null:
        break;  // the decoder saw that its type is the segment's
      case binary::ElemItem::Kind::Global: {
        binary::ConstExpr expr;
        expr.kind = binary::ConstExpr::Kind::GlobalGet;
        expr.index = item.index;
        expr.offset = seg.items.offset;
        if (auto r = check_const_expr(m, expr, seg.elem_type, m.global_types.size()); !r) return r;
        break;
      }
    }
  }
  if (invalid_item) return check_const_expr(m, invalid_item->item, seg.elem_type, m.global_types.size());
  return {};
}

Result<void> check_segments(const binary::Module& m) {
  for (uint32_t i = 0; i < m.element_segments.size(); ++i) {
    auto decoded = binary::element_segment(m, i);
    if (!decoded) return decoded.error();
    const binary::ElementSegment& seg = *decoded;
    if (!is_ref(seg.elem_type)) return malformed(in_item("element segment", i, "element type must be a reference type"));
    if (seg.mode == binary::SegmentMode::Active) {
      if (seg.table >= m.tables.size()) return invalid(in_item("element segment", i, unknown("table", seg.table)));
      if (auto r = check_const_expr(m, seg.offset, ValType::I32, m.global_types.size()); !r) return r;
      if (m.tables[seg.table].elem != seg.elem_type) {
        return invalid(in_item("element segment", i, "type mismatch: segment and table element types differ"));
      }
    }
    if (auto r = check_element_items(m, seg, i); !r) return r;
  }
  for (uint32_t i = 0; i < m.data_segments.size(); ++i) {
    auto decoded = binary::data_segment(m, i);
    if (!decoded) return decoded.error();
    const binary::DataSegment& seg = *decoded;
    if (seg.mode == binary::SegmentMode::Declarative) return malformed(in_item("data segment", i, "cannot be declarative"));
    if (seg.mode != binary::SegmentMode::Active) continue;
    if (seg.memory >= m.memories.size()) return invalid(in_item("data segment", i, unknown("memory", seg.memory)));
    if (auto r = check_const_expr(m, seg.offset, ValType::I32, m.global_types.size()); !r) return r;
  }
  return {};
}

// C.refs in the spec: every function index the module mentions outside function bodies and
// the start section. Only these may be named by ref.func inside a body.
std::vector<bool> declared_functions(const binary::Module& m) {
  std::vector<bool> declared(m.func_types.size(), false);
  auto note = [&](const binary::ConstExpr& e) {
    if (e.kind == binary::ConstExpr::Kind::RefFunc && e.index < declared.size()) declared[e.index] = true;
  };
  for (uint32_t i = 0; i < m.global_inits.size(); ++i)
    if (auto init = binary::global_init(m, i)) note(*init);
  for (uint32_t i = 0; i < m.element_segments.size(); ++i) {
    auto seg = binary::element_segment(m, i);
    if (!seg) continue;
    note(seg->offset);
    // Only valid modules get here, so every item is readable.
    binary::ElemItems items(m, seg->items);
    for (uint32_t k = 0; k < seg->items.count; ++k) {
      const binary::ElemItem item = items.next();
      if (item.kind == binary::ElemItem::Kind::Func && item.index < declared.size()) declared[item.index] = true;
    }
  }
  for (uint32_t i = 0; i < m.data_segments.size(); ++i)
    if (auto seg = binary::data_segment(m, i)) note(seg->offset);
  for (const binary::Export& e : m.exports) {
    if (e.kind == ExternKind::Func && e.index < declared.size()) declared[e.index] = true;
  }
  return declared;
}

std::vector<ValType> elem_types(const binary::Module& m) {
  std::vector<ValType> types(m.element_segments.size(), ValType::FuncRef);
  for (uint32_t i = 0; i < types.size(); ++i)
    if (auto seg = binary::element_segment(m, i)) types[i] = seg->elem_type;
  return types;
}

Result<void> check_start(const binary::Module& m) {
  if (!m.start) return {};
  const uint32_t f = *m.start;
  if (f >= m.func_types.size()) return invalid("start section: " + unknown("function", f));
  const FuncType& t = m.func_type(f);
  if (!t.params.empty() || !t.results.empty()) {
    return invalid("start section: start function must have type [] -> []");
  }
  return {};
}

// The first export, in module order, whose index is out of range or whose name an earlier
// export has. Duplicates are found by sorting positions by name (4 bytes an export) rather
// than with a hash set of names (about 40).
Result<void> check_exports(const binary::Module& m) {
  const size_t n = m.exports.size();
  size_t bad_index = n;
  for (size_t i = 0; i < n && bad_index == n; ++i) {
    const binary::Export& e = m.exports[i];
    uint64_t count = 0;
    switch (e.kind) {
      case ExternKind::Func: count = m.func_types.size(); break;
      case ExternKind::Table: count = m.tables.size(); break;
      case ExternKind::Memory: count = m.memories.size(); break;
      case ExternKind::Global: count = m.global_types.size(); break;
    }
    if (e.index >= count) bad_index = i;
  }
  std::vector<uint32_t> by_name(n);
  std::iota(by_name.begin(), by_name.end(), 0u);
  std::sort(by_name.begin(), by_name.end(), [&](uint32_t a, uint32_t b) {
    const std::string_view x = m.name_at(m.exports[a].name_offset), y = m.name_at(m.exports[b].name_offset);
    return x != y ? x < y : a < b;
  });
  size_t duplicate = n;  // the first position whose name came before it
  for (size_t k = 1; k < n; ++k)
    if (m.name_at(m.exports[by_name[k]].name_offset) == m.name_at(m.exports[by_name[k - 1]].name_offset)) duplicate = std::min<size_t>(duplicate, by_name[k]);
  if (bad_index < n && bad_index <= duplicate) {
    const binary::Export& e = m.exports[bad_index];
    std::string_view space;
    switch (e.kind) {
      case ExternKind::Func: space = "function"; break;
      case ExternKind::Table: space = "table"; break;
      case ExternKind::Memory: space = "memory"; break;
      case ExternKind::Global: space = "global"; break;
    }
    return invalid(in_item("export", bad_index, unknown(space, e.index)));
  }
  if (duplicate < n)
    return invalid(in_item("export", duplicate, "duplicate export name \"" + printable(m.name_at(m.exports[duplicate].name_offset)) + "\""));
  return {};
}

}  // namespace

namespace {

Result<void> validate_decoded(const binary::Module& m) {
  if (auto r = check_index_spaces(m); !r) return r;
  if (auto r = check_imports_and_definitions(m); !r) return r;
  if (auto r = check_segments(m); !r) return r;

  ModuleContext ctx{m, declared_functions(m), m.data_count.has_value(), m.data_count.value_or(0), elem_types(m)};
  FunctionValidator bodies(ctx);
  for (uint32_t i = 0; i < m.codes.size(); ++i) {
    if (auto r = bodies.validate(i); !r) return r;
  }

  if (auto r = check_start(m); !r) return r;
  return check_exports(m);
}

}  // namespace

Result<void> validate(const binary::Module& m) {
  auto valid = validate_decoded(m);
  // Bodies the decoder left to us may hold a malformed encoding that a full decode reports
  // before anything the validator finds.
  if (!valid && !m.bodies_scanned)
    if (auto full = binary::decode(m.bytes, binary::BodyScan::Full); !full) return full.error();
  return valid;
}

}  // namespace stratus::validate
