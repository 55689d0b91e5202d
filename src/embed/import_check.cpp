#include "embed/import_check.hpp"

#include "embed/compiled_module.hpp"
#include "exec/objects.hpp"
#include "stratus/printable.hpp"

namespace stratus::detail {

namespace {

std::string limits_text(const Limits& l) {
  std::string s = "{min " + std::to_string(l.min);
  if (l.max) s += ", max " + std::to_string(*l.max);
  return s + "}";
}

// Limits match when the actual object is at least as large as required and promises to
// stay within the declared maximum, if the import declares one.
bool limits_match(const Limits& actual, const Limits& declared) {
  if (actual.min < declared.min) return false;
  if (!declared.max) return true;
  return actual.max && *actual.max <= *declared.max;
}

bool matches(const ExternType& actual, const ExternType& declared) {
  if (actual.kind != declared.kind) return false;
  switch (declared.kind) {
    case ExternKind::Func: return actual.func == declared.func;
    case ExternKind::Table:
      return actual.table.elem == declared.table.elem && limits_match(actual.table.limits, declared.table.limits);
    case ExternKind::Memory: return limits_match(actual.memory.limits, declared.memory.limits);
    case ExternKind::Global: return actual.global == declared.global;
  }
  return false;
}

}  // namespace

bool import_fits(const CompiledModule& cm, size_t index, const Extern& item) {
  const binary::Import& imp = cm.module.imports[index];
  ExternType declared;
  declared.kind = imp.kind;
  switch (imp.kind) {
    case ExternKind::Func: {
      const auto* f = std::get_if<Func>(&item);
      return f && f->raw() && f->raw()->type == cm.types[cm.module.types.id(imp.index)];
    }
    case ExternKind::Table: declared.table = cm.module.tables[imp.index]; break;
    case ExternKind::Memory: declared.memory = cm.module.memories[imp.index]; break;
    case ExternKind::Global: declared.global = cm.module.global_types[imp.index]; break;
  }
  return matches(extern_type(item), declared);
}

ExternType extern_type(const Extern& item) {
  ExternType t;
  if (auto* f = std::get_if<Func>(&item)) {
    t.kind = ExternKind::Func;
    t.func = f->type();
  } else if (auto* tb = std::get_if<Table>(&item)) {
    t.kind = ExternKind::Table;
    t.table = tb->type();
  } else if (auto* m = std::get_if<Memory>(&item)) {
    t.kind = ExternKind::Memory;
    t.memory = m->type();
  } else if (auto* g = std::get_if<Global>(&item)) {
    t.kind = ExternKind::Global;
    t.global = g->type();
  }
  return t;
}

std::string quoted_import(std::string_view module, std::string_view name) {
  return "\"" + printable(module) + "\" \"" + printable(name) + "\"";
}

std::string describe(const ExternType& type) {
  switch (type.kind) {
    case ExternKind::Func: return "func " + to_string(type.func);
    case ExternKind::Table:
      return "table " + limits_text(type.table.limits) + " " + std::string(to_string(type.table.elem));
    case ExternKind::Memory: return "memory " + limits_text(type.memory.limits);
    case ExternKind::Global: {
      const std::string t(to_string(type.global.type));
      return "global " + (type.global.mut ? "(mut " + t + ")" : t);
    }
  }
  return "?";
}

Result<void> check_import(const ImportDesc& declared, const ExternType& actual) {
  if (matches(actual, declared.type)) return {};
  return Error(ErrorKind::Link, "incompatible import type for " + quoted_import(declared.module, declared.name) +
                                    ": expected " + describe(declared.type) + ", got " + describe(actual));
}

}  // namespace stratus::detail
