#include "text/printer/module_printer.hpp"

#include "binary/decoder.hpp"
#include "binary/local_decls.hpp"
#include "binary/try.hpp"
#include "text/printer/instr_printer.hpp"
#include "text/printer/names.hpp"
#include "text/printer/sections.hpp"
#include "text/printer/segment_printer.hpp"

namespace stratus::text::printer {

namespace {

using binary::Module;

void value_types(TextOut& out, std::string_view keyword, const std::vector<ValType>& types) {
  if (types.empty()) return;
  out << " (" << keyword;
  for (const ValType t : types) out << ' ' << to_string(t);
  out << ')';
}

void limits(TextOut& out, const Limits& l) {
  out << ' ' << l.min;
  if (l.max) out << ' ' << *l.max;
}

void global_type(TextOut& out, const GlobalType& g) {
  if (g.mut) out << " (mut " << to_string(g.type) << ')';
  else out << ' ' << to_string(g.type);
}

// `(type t)` and, when `t` is a type of the module, its parameters (named where function
// `func` has names for them) and results.
void type_use(TextOut& out, const Module& m, uint32_t type_index, const Names& names, std::optional<uint32_t> func) {
  out << " (type " << type_index << ')';
  if (type_index >= m.types.size()) return;
  const FuncType& type = m.types[type_index];
  bool named = false;
  for (uint32_t i = 0; func && i < type.params.size(); ++i) named = named || names.local_id(*func, i).has_value();
  if (!named) {
    value_types(out, "param", type.params);
  } else {
    for (uint32_t i = 0; i < type.params.size(); ++i) {
      out << " (param";
      if (auto id = names.local_id(*func, i)) out << " $" << *id;
      out << ' ' << to_string(type.params[i]) << ')';
    }
  }
  value_types(out, "result", type.results);
}

void func_head(TextOut& out, uint32_t func, const Names& names) {
  out << "(func";
  if (auto id = names.func_id(func)) out << " $" << *id;
  out << " (;" << func << ";)";
}

uint32_t func_type_index(const Module& m, uint32_t func) {
  return func < m.func_types.size() ? m.func_types[func] : UINT32_MAX;
}

void types(TextOut& out, const Module& m) {
  for (uint32_t i = 0; i < m.types.size(); ++i) {
    out.line(1);
    out << "(type (;" << i << ";) (func";
    value_types(out, "param", m.types[i].params);
    value_types(out, "result", m.types[i].results);
    out << "))";
  }
}

void imports(TextOut& out, const Module& m, const Names& names) {
  uint32_t funcs = 0, tables = 0, memories = 0, globals = 0;
  for (uint32_t i = 0; i < m.imports.size() && !out.over_limit(); ++i) {
    const binary::Import& import = m.imports[i];
    const binary::ImportNames where = m.import_names(i);
    out.line(1);
    out << "(import ";
    out.string(where.module);
    out << ' ';
    out.string(where.name);
    out << ' ';
    switch (import.kind) {
      case ExternKind::Func:
        func_head(out, funcs, names);
        type_use(out, m, import.index, names, funcs++);
        break;
      case ExternKind::Table:
        out << "(table (;" << tables++ << ";)";
        if (import.index < m.tables.size()) {
          limits(out, m.tables[import.index].limits);
          out << ' ' << to_string(m.tables[import.index].elem);
        }
        break;
      case ExternKind::Memory:
        out << "(memory (;" << memories++ << ";)";
        if (import.index < m.memories.size()) limits(out, m.memories[import.index].limits);
        break;
      case ExternKind::Global:
        out << "(global (;" << globals++ << ";)";
        if (import.index < m.global_types.size()) global_type(out, m.global_types[import.index]);
        break;
    }
    out << "))";
  }
}

// The locals after the parameters, one field per run of a type: the binary's grouping is
// not kept (the parser groups neighbours of a type, and skips empty groups).
void locals(TextOut& out, const Module& m, uint32_t defined, uint32_t func, uint32_t first_local, const Names& names) {
  binary::LocalDecls decls(m, defined);
  binary::LocalDecl group;
  uint32_t local = first_local;
  bool open = false;  // an unnamed `(local ...` is open
  std::optional<ValType> line_type;
  while (decls.next(group)) {
    for (uint32_t i = 0; i < group.count && !out.over_limit(); ++i, ++local) {
      const auto id = names.local_id(func, local);
      if (line_type != group.type) {
        if (open) out << ')';
        open = false;
        out.line(2);
        line_type = group.type;
      } else if (id || !open) {
        if (open) out << ')';
        open = false;
        out << ' ';
      }
      if (id) {
        out << "(local $" << *id << ' ' << to_string(group.type) << ')';
        continue;
      }
      if (!open) out << "(local";
      open = true;
      out << ' ' << to_string(group.type);
    }
  }
  if (open) out << ')';
}

Result<void> functions(TextOut& out, const Module& m, const Names& names) {
  for (uint32_t defined = 0; defined < m.codes.size() && !out.over_limit(); ++defined) {
    const uint32_t func = m.num_imported_funcs + defined;
    const uint32_t type_index = func_type_index(m, func);
    out.line(1);
    func_head(out, func, names);
    type_use(out, m, type_index, names, func);
    const uint32_t params = type_index < m.types.size() ? static_cast<uint32_t>(m.types[type_index].params.size()) : 0;
    locals(out, m, defined, func, params, names);
    const InstrContext ctx{m, names, func};
    STRATUS_CHECK(print_body(out, defined, 2, ctx));
    out << ')';
  }
  return {};
}

void tables(TextOut& out, const Module& m) {
  for (uint32_t i = m.num_imported_tables; i < m.tables.size(); ++i) {
    out.line(1);
    out << "(table (;" << i << ";)";
    limits(out, m.tables[i].limits);
    out << ' ' << to_string(m.tables[i].elem) << ')';
  }
}

void memories(TextOut& out, const Module& m) {
  for (uint32_t i = m.num_imported_memories; i < m.memories.size(); ++i) {
    out.line(1);
    out << "(memory (;" << i << ";)";
    limits(out, m.memories[i].limits);
    out << ')';
  }
}

Result<void> globals(TextOut& out, const Module& m, const Names& names) {
  const InstrContext ctx{m, names};
  for (uint32_t defined = 0; defined < m.global_inits.size() && !out.over_limit(); ++defined) {
    const uint32_t index = m.num_imported_globals + defined;
    out.line(1);
    out << "(global (;" << index << ";)";
    if (index < m.global_types.size()) global_type(out, m.global_types[index]);
    STRATUS_CHECK(print_expr(out, m.global_inits[defined], ctx));
    out << ')';
  }
  return {};
}

void exports(TextOut& out, const Module& m, const Names& names) {
  for (const binary::Export& e : m.exports) {
    if (out.over_limit()) return;
    out.line(1);
    out << "(export ";
    out.string(m.name_at(e.name_offset));
    out << " (" << to_string(e.kind) << ' ';
    if (e.kind == ExternKind::Func) out << names.func_ref(e.index);
    else out << e.index;
    out << "))";
  }
}

Result<void> segments(TextOut& out, const Module& m, const Names& names) {
  const InstrContext ctx{m, names};
  for (uint32_t i = 0; i < m.element_segments.size() && !out.over_limit(); ++i)
    STRATUS_CHECK(print_elem_segment(out, i, ctx));
  for (uint32_t i = 0; i < m.data_segments.size() && !out.over_limit(); ++i)
    STRATUS_CHECK(print_data_segment(out, i, ctx));
  return {};
}

}  // namespace

Result<std::string> print_module(const Module& m, const PrintOptions& options) {
  TextOut out(options.max_output_bytes);
  const Names names(m, options.names);
  out << "(module";
  if (auto id = names.module_id()) out << " $" << *id;
  types(out, m);
  imports(out, m, names);
  STRATUS_CHECK(functions(out, m, names));
  tables(out, m);
  memories(out, m);
  STRATUS_CHECK(globals(out, m, names));
  exports(out, m, names);
  if (m.start) {
    out.line(1);
    out << "(start " << names.func_ref(*m.start) << ')';
  }
  STRATUS_CHECK(segments(out, m, names));
  if (options.custom_sections) print_custom_sections(out, m);
  out << ")\n";
  if (out.over_limit())
    return Error(ErrorKind::Resource,
                 "the module's text is longer than the limit of " + std::to_string(out.max_bytes()) + " bytes");
  return out.take();
}

}  // namespace stratus::text::printer

namespace stratus::text {

Result<std::string> binary_to_wat(std::span<const uint8_t> bytes, const PrintOptions& options) {
  try {
    STRATUS_TRY(const binary::Module module, binary::decode(bytes));
    return printer::print_module(module, options);
  } catch (const std::bad_alloc&) {
    return Error(ErrorKind::Resource, "out of memory printing a module as text");
  }
}

}  // namespace stratus::text
