#include "component/validate/validator.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include "binary/limits.hpp"
#include "component/binary/limits.hpp"
#include "component/validate/names.hpp"
#include "validate/validator.hpp"

namespace stratus::component {
namespace {

using namespace ast;

#define VTRY(var, expr) \
  auto var##_r = (expr); \
  if (!var##_r.ok()) return var##_r.error(); \
  auto var = std::move(var##_r).value()
#define VCHECK(expr)                         \
  do {                                       \
    auto vcheck_ = (expr);                   \
    if (!vcheck_.ok()) return vcheck_.error(); \
  } while (0)

std::string hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%x", v);
  return buf;
}

Error fail(uint32_t offset, const std::string& what) {
  return Error(ErrorKind::Invalid, "at offset " + hex(offset) + ": " + what);
}
// Wraps an inner error's reason in context, as wasmparser's with_context does.
Error context(const Error& inner, const std::string& what) {
  return Error(ErrorKind::Invalid, what + ": " + inner.message());
}

struct CoreTypeEntry {
  bool module = false;
  stratus::FuncType func;
  uint32_t module_id = 0;
};

struct CoreInstanceType {
  std::vector<CoreExport> exports;
  const CoreExport* find(const std::string& n) const {
    for (const auto& e : exports)
      if (e.name == n) return &e;
    return nullptr;
  }
};

enum class StateKind { Component, InstanceType, ComponentType };

// The resources named by the imports (or the exports) of one component or type, for the
// `[constructor]`, `[method]` and `[static]` name rules. Keyed by the resource *alias* a
// type import or export created, not by the resource: a function names `$r` only through the
// index that import or export introduced, and imports and exports are disjoint contexts
// (a method cannot be attached to an imported resource from the export side).
struct ResourceNames {
  std::map<uint32_t, std::string> by_alias;
  std::set<std::string> all;
};

struct TypeInfo {
  uint32_t size = 1;
  bool borrow = false;
};

struct State {
  StateKind kind = StateKind::Component;
  std::vector<CoreTypeEntry> core_types;
  std::vector<uint32_t> core_modules;
  std::vector<uint32_t> core_instances;
  std::vector<stratus::FuncType> core_funcs;
  std::vector<CoreExternType> core_tables, core_memories, core_globals, core_tags;
  std::vector<AnyType> types;
  std::vector<uint32_t> funcs, instances, components;
  std::vector<std::pair<ValType, bool>> values;
  std::vector<NamedExtern> imports, exports;
  std::set<std::string> import_keys, export_keys;
  std::set<uint32_t> local_resources;     // resource.new/rep/drop of these are allowed
  std::vector<uint32_t> imported_resources, defined_resources;
  ResourceNames imported_names, exported_names;
  std::set<std::pair<uint8_t, uint32_t>> imported_types, exported_types;
  bool has_start = false;
};

const char* desc(ExternKind k) {
  switch (k) {
    case ExternKind::CoreModule: return "module";
    case ExternKind::Func: return "func";
    case ExternKind::Value: return "value";
    case ExternKind::Type: return "type";
    case ExternKind::Instance: return "instance";
    case ExternKind::Component: return "component";
  }
  return "?";
}

const char* val_desc(ValKind k) { return is_primitive(k) ? "primitive" : kind_name(k); }


class Validator {
 public:
  explicit Validator(CoreBodies core_bodies) : core_bodies_(core_bodies) {}

  Result<ValidatedComponent> run(const Component& c) {
    VTRY(id, component(c));
    for (const auto& [m, index] : deferred_modules_) {
      if (core_bodies_ == CoreBodies::AlreadyValidated) break;
      auto v = validate::validate(*m);
      if (!v) return Error(ErrorKind::Invalid, "in core module " + std::to_string(index) + ": " + v.error().message());
    }
    resolve_aliases();
    ValidatedComponent out;
    out.types = std::move(t_);
    out.type = ComponentTypeId{id};
    return out;
  }

 private:
  TypeTables t_;
  std::vector<State> stack_;
  std::vector<CoreInstanceType> core_instance_types_;
  std::vector<std::pair<const stratus::binary::Module*, uint32_t>> deferred_modules_;
  CoreBodies core_bodies_;
  std::map<std::pair<uint8_t, uint32_t>, TypeInfo> info_;

  // The effective sizes of function, instance and component types (wasmparser's type
  // size): every type counted where it is used, so a small binary cannot describe a type
  // whose walks take exponential time.
  std::map<std::pair<uint8_t, uint32_t>, uint64_t> sizes_;

  State& cur() { return stack_.back(); }

  static std::pair<uint8_t, uint32_t> size_key(ExternKind k, uint32_t i) { return {static_cast<uint8_t>(k), i}; }
  uint64_t size_of(const ExternType& e) {
    switch (e.kind) {
      case ExternKind::Value: return info(e.value).size;
      case ExternKind::Type: {
        switch (e.type.kind) {
          case TypeKind::Value: return info(e.type.value).size;
          case TypeKind::Resource: return 1;
          case TypeKind::Func: return sized(ExternKind::Func, e.type.index);
          case TypeKind::Instance: return sized(ExternKind::Instance, e.type.index);
          case TypeKind::Component: return sized(ExternKind::Component, e.type.index);
        }
        return 1;
      }
      case ExternKind::CoreModule: return 1;
      default: return sized(e.kind, e.index);
    }
  }
  uint64_t sized(ExternKind k, uint32_t i) {
    auto it = sizes_.find(size_key(k, i));
    return it == sizes_.end() ? 1 : it->second;
  }
  Result<void> record_size(ExternKind k, uint32_t i, uint32_t off) {
    uint64_t n = 1;
    auto add = [&](uint64_t x) { n = std::min<uint64_t>(n + x, kMaxTypeSize + 1); };
    if (k == ExternKind::Func) {
      for (const auto& p : t_.funcs[i].params) add(info(p.type).size);
      if (t_.funcs[i].result) add(info(*t_.funcs[i].result).size);
    } else if (k == ExternKind::Instance) {
      for (const auto& x : t_.instances[i].exports) add(size_of(x.type));
    } else if (k == ExternKind::Component) {
      for (const auto& x : t_.components[i].imports) add(size_of(x.type));
      for (const auto& x : t_.components[i].exports) add(size_of(x.type));
    }
    if (n > kMaxTypeSize) return fail(off, "effective type size exceeds the limit of " + std::to_string(kMaxTypeSize));
    sizes_[size_key(k, i)] = n;
    return {};
  }

  // ---- type info (size, borrow) ----
  TypeInfo info(ValType v) {
    if (is_primitive(v.kind)) return {};
    auto it = info_.find({static_cast<uint8_t>(v.kind), v.index});
    if (it != info_.end()) return it->second;
    return {};
  }
  Result<void> set_info(ValType v, TypeInfo i, uint32_t offset) {
    if (i.size > kMaxTypeSize) return fail(offset, "effective type size exceeds the limit of " + std::to_string(kMaxTypeSize));
    info_[{static_cast<uint8_t>(v.kind), v.index}] = i;
    return {};
  }
  static void combine(TypeInfo& into, TypeInfo other) {
    into.size += other.size;
    if (into.size > kMaxTypeSize + 1) into.size = kMaxTypeSize + 1;
    into.borrow = into.borrow || other.borrow;
  }

  // ---- index lookups ----
  Result<AnyType> type_at(uint32_t i, uint32_t off) {
    if (i >= cur().types.size()) return fail(off, "unknown type " + std::to_string(i) + ": type index out of bounds");
    return cur().types[i];
  }
  Result<ValType> valtype(const ValTypeUse& u, uint32_t off) {
    if (!u.is_index) return ValType{u.primitive, 0};
    VTRY(t, type_at(u.index, off));
    if (t.kind != TypeKind::Value) return fail(off, "type index " + std::to_string(u.index) + " is not a defined type");
    return t.value;
  }
  Result<uint32_t> func_type_at(uint32_t i, uint32_t off) {
    VTRY(t, type_at(i, off));
    if (t.kind != TypeKind::Func) return fail(off, "type index " + std::to_string(i) + " is not a function type");
    return t.index;
  }
  Result<uint32_t> resource_at(uint32_t i, uint32_t off) {
    VTRY(t, type_at(i, off));
    if (t.kind != TypeKind::Resource) return fail(off, "type index " + std::to_string(i) + " is not a resource type");
    return t.index;
  }
  Result<stratus::FuncType> core_func_at(uint32_t i, uint32_t off) {
    if (i >= cur().core_funcs.size()) return fail(off, "unknown core function " + std::to_string(i) + ": function index out of bounds");
    return cur().core_funcs[i];
  }
  Result<stratus::FuncType> core_func_type_at(uint32_t i, uint32_t off) {
    if (i >= cur().core_types.size()) return fail(off, "unknown core type " + std::to_string(i) + ": type index out of bounds");
    if (cur().core_types[i].module) return fail(off, "core type index " + std::to_string(i) + " is a module type, not a sub type");
    return cur().core_types[i].func;
  }
  Result<uint32_t> func_at(uint32_t i, uint32_t off) {
    if (i >= cur().funcs.size()) return fail(off, "unknown function " + std::to_string(i) + ": function index out of bounds");
    return cur().funcs[i];
  }
  Result<uint32_t> instance_at(uint32_t i, uint32_t off) {
    if (i >= cur().instances.size()) return fail(off, "unknown instance " + std::to_string(i) + ": instance index out of bounds");
    return cur().instances[i];
  }
  Result<uint32_t> component_at(uint32_t i, uint32_t off) {
    if (i >= cur().components.size()) return fail(off, "unknown component " + std::to_string(i) + ": component index out of bounds");
    return cur().components[i];
  }
  Result<uint32_t> module_at(uint32_t i, uint32_t off) {
    if (i >= cur().core_modules.size()) return fail(off, "unknown module " + std::to_string(i) + ": module index out of bounds");
    return cur().core_modules[i];
  }
  Result<uint32_t> core_instance_at(uint32_t i, uint32_t off) {
    if (i >= cur().core_instances.size()) return fail(off, "unknown core instance " + std::to_string(i) + ": instance index out of bounds");
    return cur().core_instances[i];
  }
  Result<ValType> use_value(uint32_t i, uint32_t off) {
    if (i >= cur().values.size()) return fail(off, "unknown value " + std::to_string(i) + ": value index out of bounds");
    auto& v = cur().values[i];
    if (v.second) return fail(off, "value " + std::to_string(i) + " cannot be used more than once");
    v.second = true;
    return v.first;
  }
  Result<CoreExternType> core_item(Sort s, uint32_t i, uint32_t off) {
    auto get = [&](std::vector<CoreExternType>& v, const char* what) -> Result<CoreExternType> {
      if (i >= v.size()) return fail(off, std::string("unknown ") + what + " " + std::to_string(i) + ": " + what + " index out of bounds");
      return v[i];
    };
    switch (s) {
      case Sort::CoreFunc: {
        VTRY(f, core_func_at(i, off));
        CoreExternType t;
        t.kind = CoreExternKind::Func;
        t.func = f;
        return t;
      }
      case Sort::CoreTable: return get(cur().core_tables, "table");
      case Sort::CoreMemory: return get(cur().core_memories, "memory");
      case Sort::CoreGlobal: return get(cur().core_globals, "global");
      case Sort::CoreTag: return get(cur().core_tags, "tag");
      default: return fail(off, "not a core item");
    }
  }

  // ---- core types ----
  Result<CoreExternType> core_desc(const CoreImportDesc& d, const std::vector<CoreTypeEntry>& types, uint32_t off) {
    CoreExternType t;
    t.kind = d.kind;
    switch (d.kind) {
      case CoreExternKind::Func:
      case CoreExternKind::Tag:
        if (d.type_index >= types.size()) return fail(off, "unknown type " + std::to_string(d.type_index) + ": type index out of bounds");
        if (types[d.type_index].module) return fail(off, "type index " + std::to_string(d.type_index) + " is a module type, not a sub type");
        t.func = types[d.type_index].func;
        if (d.kind == CoreExternKind::Tag && !t.func.results.empty()) return fail(off, "invalid exception type: non-empty tag result type");
        break;
      case CoreExternKind::Table: t.table = d.table; break;
      case CoreExternKind::Memory:
        t.memory = d.memory;
        if (d.memory.limits.min > kMaxPages32 || (d.memory.limits.max && *d.memory.limits.max > kMaxPages32)) {
          return fail(off, "memory size must be at most 65536 pages (4GiB)");
        }
        break;
      case CoreExternKind::Global: t.global = d.global; break;
    }
    return t;
  }

  Result<void> core_type_def(const CoreTypeDef& d) {
    CoreTypeEntry e;
    if (!d.is_module) {
      e.func = d.func;
      cur().core_types.push_back(e);
      return {};
    }
    std::vector<CoreTypeEntry> local;
    CoreModuleType mt;
    std::set<std::pair<std::string, std::string>> import_names;
    std::set<std::string> export_names;
    for (const auto& decl : d.module) {
      switch (decl.kind) {
        case CoreModuleDecl::Kind::Type: {
          CoreTypeEntry te;
          te.func = decl.func;
          local.push_back(te);
          break;
        }
        case CoreModuleDecl::Kind::OuterAlias: {
          // Counts from the module type itself (0) outwards into the enclosing states.
          if (decl.outer_count == 0) {
            if (decl.outer_index >= local.size()) return fail(decl.offset, "type index out of bounds");
            local.push_back(local[decl.outer_index]);
            break;
          }
          if (decl.outer_count > stack_.size()) return fail(decl.offset, "invalid outer alias count of " + std::to_string(decl.outer_count));
          const State& s = stack_[stack_.size() - decl.outer_count];
          if (decl.outer_index >= s.core_types.size()) return fail(decl.offset, "type index out of bounds");
          if (s.core_types[decl.outer_index].module) return fail(decl.offset, "outer alias of a module type is not allowed in a module type");
          local.push_back(s.core_types[decl.outer_index]);
          break;
        }
        case CoreModuleDecl::Kind::Import: {
          VTRY(t, core_desc(decl.desc, local, decl.offset));
          if (!import_names.insert({decl.module, decl.name}).second) {
            return fail(decl.offset, "duplicate import name `" + decl.module + "::" + decl.name + "` already defined");
          }
          mt.imports.push_back(CoreImport{decl.module, decl.name, t});
          break;
        }
        case CoreModuleDecl::Kind::Export: {
          VTRY(t, core_desc(decl.desc, local, decl.offset));
          if (!export_names.insert(decl.name).second) return fail(decl.offset, "duplicate export name `" + decl.name + "` already defined");
          mt.exports.push_back(CoreExport{decl.name, t});
          break;
        }
      }
    }
    e.module = true;
    e.module_id = t_.add(std::move(mt)).index;
    cur().core_types.push_back(e);
    return {};
  }

  // ---- core modules ----
  static CoreExternType core_extern_of(const stratus::binary::Module& m, stratus::ExternKind k, uint32_t i) {
    CoreExternType t;
    switch (k) {
      case stratus::ExternKind::Func: t.kind = CoreExternKind::Func; t.func = m.func_type(i); break;
      case stratus::ExternKind::Table: t.kind = CoreExternKind::Table; t.table = m.tables[i]; break;
      case stratus::ExternKind::Memory: t.kind = CoreExternKind::Memory; t.memory = m.memories[i]; break;
      case stratus::ExternKind::Global: t.kind = CoreExternKind::Global; t.global = m.global_types[i]; break;
    }
    return t;
  }
  static bool core_indices_in_range(const stratus::binary::Module& m) {
    for (const auto& imp : m.imports)
      if (imp.kind == stratus::ExternKind::Func && imp.index >= m.types.size()) return false;
    for (const auto& e : m.exports) {
      switch (e.kind) {
        case stratus::ExternKind::Func:
          if (e.index >= m.func_types.size() || m.func_types[e.index] >= m.types.size()) return false;
          break;
        case stratus::ExternKind::Table: if (e.index >= m.tables.size()) return false; break;
        case stratus::ExternKind::Memory: if (e.index >= m.memories.size()) return false; break;
        case stratus::ExternKind::Global: if (e.index >= m.global_types.size()) return false; break;
      }
    }
    return true;
  }
  Result<void> core_module(const stratus::binary::Module& m, uint32_t index) {
    // Bodies are validated after the component, as wasmparser hands them out to be checked
    // apart: an error in the component's own structure is the one reported first.
    deferred_modules_.push_back({&m, index});
    std::set<std::pair<std::string_view, std::string_view>> seen;
    for (size_t i = 0; i < m.imports.size(); ++i) {
      const stratus::binary::ImportNames names = m.import_names(i);
      if (!seen.insert({names.module, names.name}).second) {
        return Error(ErrorKind::Invalid, "in core module " + std::to_string(index) + ": duplicate import name `" +
                                             std::string(names.module) + "::" + std::string(names.name) + "` already defined");
      }
    }
    // The module's type is read from its imports and exports before its bodies are checked:
    // an index they hold that is out of range is reported by the core validator now.
    if (!core_indices_in_range(m)) {
      auto v = validate::validate(m);
      if (!v) return Error(ErrorKind::Invalid, "in core module " + std::to_string(index) + ": " + v.error().message());
      return Error(ErrorKind::Invalid, "in core module " + std::to_string(index) + ": an import or export index is out of range");
    }
    CoreModuleType mt;
    for (size_t i = 0; i < m.imports.size(); ++i) {
      const stratus::binary::Import& imp = m.imports[i];
      const stratus::binary::ImportNames names = m.import_names(i);
      CoreImport ci{std::string(names.module), std::string(names.name), {}};
      switch (imp.kind) {
        case stratus::ExternKind::Func: ci.type.kind = CoreExternKind::Func; ci.type.func = m.types[imp.index]; break;
        case stratus::ExternKind::Table: ci.type.kind = CoreExternKind::Table; ci.type.table = m.tables[imp.index]; break;
        case stratus::ExternKind::Memory: ci.type.kind = CoreExternKind::Memory; ci.type.memory = m.memories[imp.index]; break;
        case stratus::ExternKind::Global: ci.type.kind = CoreExternKind::Global; ci.type.global = m.global_types[imp.index]; break;
      }
      mt.imports.push_back(std::move(ci));
    }
    for (const auto& e : m.exports)
      mt.exports.push_back(CoreExport{std::string(m.name_at(e.name_offset)), core_extern_of(m, e.kind, e.index)});
    cur().core_modules.push_back(t_.add(std::move(mt)).index);
    return {};
  }

  // ---- core subtyping ----
  static const char* core_desc_name(CoreExternKind k) {
    switch (k) {
      case CoreExternKind::Func: return "func";
      case CoreExternKind::Table: return "table";
      case CoreExternKind::Memory: return "memory";
      case CoreExternKind::Global: return "global";
      case CoreExternKind::Tag: return "tag";
    }
    return "?";
  }
  static std::string func_text(const stratus::FuncType& f) {
    std::string s = "(func";
    if (!f.params.empty()) {
      s += " (param";
      for (auto p : f.params) s += " " + std::string(to_string(p));
      s += ")";
    }
    if (!f.results.empty()) {
      s += " (result";
      for (auto p : f.results) s += " " + std::string(to_string(p));
      s += ")";
    }
    return s + ")";
  }
  static bool limits_sub(const Limits& a, const Limits& b) {
    if (a.min < b.min) return false;
    if (!b.max) return true;
    return a.max && *a.max <= *b.max;
  }
  Result<void> core_sub(const CoreExternType& a, const CoreExternType& b, uint32_t off) {
    if (a.kind != b.kind) return fail(off, std::string("expected ") + core_desc_name(b.kind) + ", found " + core_desc_name(a.kind));
    switch (a.kind) {
      case CoreExternKind::Func:
        if (!(a.func == b.func)) return fail(off, "type mismatch: expected: " + func_text(b.func) + ", found: " + func_text(a.func));
        return {};
      case CoreExternKind::Tag:
        if (!(a.func == b.func)) return fail(off, "type mismatch in tag types");
        return {};
      case CoreExternKind::Table:
        if (a.table.elem != b.table.elem) return fail(off, "type mismatch in table element type: expected " + std::string(to_string(b.table.elem)) + ", found " + std::string(to_string(a.table.elem)));
        if (!limits_sub(a.table.limits, b.table.limits)) return fail(off, "mismatch in table limits");
        return {};
      case CoreExternKind::Memory:
        if (!limits_sub(a.memory.limits, b.memory.limits)) return fail(off, "mismatch in memory limits");
        return {};
      case CoreExternKind::Global:
        if (a.global.mut != b.global.mut) return fail(off, "global types differ in mutability");
        if (a.global.type != b.global.type) return fail(off, "type mismatch in global type: expected " + std::string(to_string(b.global.type)) + ", found " + std::string(to_string(a.global.type)));
        return {};
    }
    return {};
  }
  Result<void> module_sub(const CoreModuleType& a, const CoreModuleType& b, uint32_t off) {
    // Imports are contravariant: every import `a` needs, `b` must promise at least as much.
    for (const auto& ai : a.imports) {
      const CoreImport* bi = nullptr;
      for (const auto& x : b.imports)
        if (x.module == ai.module && x.name == ai.name) bi = &x;
      if (!bi) return fail(off, "missing expected import `" + ai.module + "::" + ai.name + "`");
      auto r = core_sub(bi->type, ai.type, off);
      if (!r) return context(r.error(), "type mismatch in import `" + ai.module + "::" + ai.name + "`");
    }
    for (const auto& be : b.exports) {
      const CoreExport* ae = nullptr;
      for (const auto& x : a.exports)
        if (x.name == be.name) ae = &x;
      if (!ae) return fail(off, "missing expected export `" + be.name + "`");
      auto r = core_sub(ae->type, be.type, off);
      if (!r) return context(r.error(), "type mismatch in export `" + be.name + "`");
    }
    return {};
  }

  // ---- core instances ----
  Result<void> core_instance(const CoreInstance& ci) {
    CoreInstanceType it;
    if (!ci.inline_exports) {
      VTRY(mid, module_at(ci.module, ci.offset));
      std::map<std::string, uint32_t> args;
      for (const auto& a : ci.args) {
        VTRY(inst, core_instance_at(a.instance, ci.offset));
        if (!args.emplace(a.name, inst).second) return fail(ci.offset, "duplicate module instantiation argument named `" + a.name + "`");
      }
      const CoreModuleType mt = t_.core_modules[mid];
      for (const auto& imp : mt.imports) {
        auto found = args.find(imp.module);
        if (found == args.end()) return fail(ci.offset, "missing module instantiation argument named `" + imp.module + "`");
        const CoreExport* e = core_instance_types_[found->second].find(imp.name);
        if (!e) return fail(ci.offset, "module instantiation argument `" + imp.module + "` unknown export `" + imp.name + "`: it does not export an item of that name");
        auto r = core_sub(e->type, imp.type, ci.offset);
        if (!r) return context(r.error(), "type mismatch for export `" + imp.name + "` of module instantiation argument `" + imp.module + "`");
      }
      it.exports = mt.exports;
    } else {
      std::set<std::string> names;
      for (const auto& e : ci.exports) {
        if (!names.insert(e.name).second) return fail(ci.offset, "duplicate export name `" + e.name + "` already defined");
        VTRY(t, core_item(e.item.sort, e.item.index, ci.offset));
        it.exports.push_back(CoreExport{e.name, t});
      }
    }
    core_instance_types_.push_back(std::move(it));
    cur().core_instances.push_back(static_cast<uint32_t>(core_instance_types_.size() - 1));
    return {};
  }

  // ---- defined types ----
  Result<std::string> kebab(const std::string& s, const char* what, uint32_t off) {
    if (s.empty()) return fail(off, std::string(what) + " name cannot be empty");
    if (!names::is_kebab(s)) return fail(off, std::string(what) + " name `" + s + "` is not in kebab case");
    return s;
  }
  Result<ValType> defined(const DefinedType& d, uint32_t off) {
    TypeInfo ti;
    auto child = [&](const ValTypeUse& u) -> Result<ValType> {
      VTRY(v, valtype(u, off));
      combine(ti, info(v));
      return v;
    };
    ValType out;
    switch (d.kind) {
      case ValKind::Record: {
        if (d.fields.empty()) return fail(off, "record type must have at least one field");
        RecordType r;
        names::KebabNames seen;
        for (const auto& f : d.fields) {
          VTRY(name, kebab(f.name, "record field", off));
          if (const std::string* prev = seen.add(name))
            return fail(off, "record field name `" + name + "` conflicts with previous field name `" + *prev + "`");
          VTRY(v, child(f.type));
          r.fields.push_back(Field{name, v});
        }
        out = t_.add(std::move(r));
        break;
      }
      case ValKind::Variant: {
        if (d.cases.empty()) return fail(off, "variant type must have at least one case");
        if (d.cases.size() > UINT32_MAX) return fail(off, "variant type cannot be represented with a 32-bit discriminant value");
        VariantType v;
        names::KebabNames seen;
        for (const auto& c : d.cases) {
          VTRY(name, kebab(c.name, "variant case", off));
          if (const std::string* prev = seen.add(name))
            return fail(off, "variant case name `" + name + "` conflicts with previous case name `" + *prev + "`");
          Case cs{name, std::nullopt};
          if (c.type) {
            VTRY(t, child(*c.type));
            cs.type = t;
          }
          v.cases.push_back(std::move(cs));
        }
        out = t_.add(std::move(v));
        break;
      }
      case ValKind::List: {
        VTRY(e, child(*d.element));
        if (d.length && *d.length == 0) return fail(off, "Fixed-length lists must have more than zero elements");
        out = t_.add(ListType{e, d.length});
        break;
      }
      case ValKind::Tuple: {
        if (d.types.empty()) return fail(off, "tuple type must have at least one type");
        TupleType tt;
        for (const auto& u : d.types) {
          VTRY(e, child(u));
          tt.types.push_back(e);
        }
        out = t_.add(std::move(tt));
        break;
      }
      case ValKind::Flags: {
        if (d.names.empty()) return fail(off, "flags must have at least one entry");
        if (d.names.size() > 32) return fail(off, "cannot have more than 32 flags");
        FlagsType f;
        names::KebabNames seen;
        for (const auto& n : d.names) {
          VTRY(name, kebab(n, "flag", off));
          if (const std::string* prev = seen.add(name))
            return fail(off, "flag name `" + name + "` conflicts with previous flag name `" + *prev + "`");
          f.names.push_back(name);
        }
        out = t_.add(std::move(f));
        break;
      }
      case ValKind::Enum: {
        if (d.names.empty()) return fail(off, "enum type must have at least one variant");
        EnumType e;
        names::KebabNames seen;
        for (const auto& n : d.names) {
          VTRY(name, kebab(n, "enum tag", off));
          if (const std::string* prev = seen.add(name))
            return fail(off, "enum tag name `" + name + "` conflicts with previous tag name `" + *prev + "`");
          e.names.push_back(name);
        }
        out = t_.add(std::move(e));
        break;
      }
      case ValKind::Option: {
        VTRY(e, child(*d.element));
        out = t_.add(OptionType{e});
        break;
      }
      case ValKind::Result: {
        ResultType r;
        if (d.element) {
          VTRY(e, child(*d.element));
          r.ok = e;
        }
        if (d.error) {
          VTRY(e, child(*d.error));
          r.err = e;
        }
        out = t_.add(std::move(r));
        break;
      }
      case ValKind::Own:
      case ValKind::Borrow: {
        VTRY(t, type_at(d.resource, off));
        if (t.kind != TypeKind::Resource) return fail(off, "type index " + std::to_string(d.resource) + " is not a resource type");
        out = ValType{d.kind, t.index};
        if (d.kind == ValKind::Borrow) ti.borrow = true;
        return set_info(out, ti, off).ok() ? Result<ValType>(out) : Result<ValType>(fail(off, "effective type size exceeds the limit"));
      }
      case ValKind::Stream:
      case ValKind::Future: {
        std::optional<ValType> e;
        if (d.element) {
          VTRY(v, child(*d.element));
          e = v;
        }
        out = d.kind == ValKind::Stream ? t_.add(StreamType{e}) : t_.add(FutureType{e});
        break;
      }
      default:
        return ValType{d.kind, 0};  // a primitive
    }
    VCHECK(set_info(out, ti, off));
    return out;
  }

  Result<uint32_t> func_type_def(const FuncTypeDef& f, uint32_t off) {
    FuncType ft;
    ft.async = f.async;
    names::KebabNames seen;
    for (const auto& p : f.params) {
      VTRY(name, kebab(p.name, "function parameter", off));
      if (const std::string* prev = seen.add(name))
        return fail(off, "function parameter name `" + name + "` conflicts with previous parameter name `" + *prev + "`");
      VTRY(v, valtype(p.type, off));
      ft.params.push_back(Param{name, v});
    }
    if (f.result) {
      VTRY(v, valtype(*f.result, off));
      if (info(v).borrow) return fail(off, "function result cannot contain a `borrow` type");
      ft.result = v;
    }
    const uint32_t id = t_.add(std::move(ft)).index;
    VCHECK(record_size(ExternKind::Func, id, off));
    return id;
  }

  // ---- resource identity ----
  // A type import or export of a resource creates an alias of it: the same resource (what
  // subtyping compares) under an identity of its own (what the naming rules and the
  // named-type sets track). Aliases are entries of t_.resources; `alias_of_` maps each to its
  // resource, and resolve_aliases() rewrites every use to the resource before the tables leave.
  std::map<uint32_t, uint32_t> alias_of_;
  uint32_t root(uint32_t r) const {
    auto it = alias_of_.find(r);
    return it == alias_of_.end() ? r : it->second;
  }
  uint32_t alias_resource(uint32_t r) {
    const uint32_t resource = root(r);
    ResourceTypeEntry copy = t_.resources[resource];
    const uint32_t alias = t_.add(std::move(copy)).index;
    alias_of_[alias] = resource;
    return alias;
  }
  uint32_t fresh_resource(uint32_t like) {
    ResourceTypeEntry r = t_.resources[root(like)];
    r.defined = false;
    return t_.add(std::move(r)).index;
  }

  // The tables' readers compare resources by index, so every use of an alias becomes a use
  // of its resource once validation no longer needs the difference.
  void resolve_aliases() {
    if (alias_of_.empty()) return;
    auto fix = [&](ValType& v) {
      if (v.kind == ValKind::Own || v.kind == ValKind::Borrow) v.index = root(v.index);
    };
    auto fix_opt = [&](std::optional<ValType>& v) {
      if (v) fix(*v);
    };
    auto fix_extern = [&](ExternType& e) {
      if (e.kind == ExternKind::Value) fix(e.value);
      if (e.kind != ExternKind::Type) return;
      if (e.type.kind == TypeKind::Value) fix(e.type.value);
      if (e.type.kind == TypeKind::Resource) e.type.index = root(e.type.index);
    };
    auto fix_list = [&](std::vector<uint32_t>& v) {
      for (auto& r : v) r = root(r);
    };
    for (auto& r : t_.records) for (auto& f : r.fields) fix(f.type);
    for (auto& v : t_.variants) for (auto& c : v.cases) fix_opt(c.type);
    for (auto& l : t_.lists) fix(l.element);
    for (auto& t : t_.tuples) for (auto& e : t.types) fix(e);
    for (auto& o : t_.options) fix(o.some);
    for (auto& r : t_.results) {
      fix_opt(r.ok);
      fix_opt(r.err);
    }
    for (auto& st : t_.streams) fix_opt(st.element);
    for (auto& fu : t_.futures) fix_opt(fu.value);
    for (auto& f : t_.funcs) {
      for (auto& p : f.params) fix(p.type);
      fix_opt(f.result);
    }
    for (auto& i : t_.instances) {
      for (auto& x : i.exports) fix_extern(x.type);
      fix_list(i.defined_resources);
    }
    for (auto& c : t_.components) {
      for (auto& x : c.imports) fix_extern(x.type);
      for (auto& x : c.exports) fix_extern(x.type);
      fix_list(c.imported_resources);
      fix_list(c.defined_resources);
    }
  }

  // ---- resources in types: free variables and substitution ----
  void free_val(ValType v, std::set<uint32_t>& out, std::set<std::pair<uint8_t, uint32_t>>& seen) {
    if (is_primitive(v.kind)) return;
    if (!seen.insert({static_cast<uint8_t>(v.kind), v.index}).second) return;
    switch (v.kind) {
      case ValKind::Own:
      case ValKind::Borrow: out.insert(root(v.index)); break;
      case ValKind::Record: for (const auto& f : t_.records[v.index].fields) free_val(f.type, out, seen); break;
      case ValKind::Variant: for (const auto& c : t_.variants[v.index].cases) if (c.type) free_val(*c.type, out, seen); break;
      case ValKind::List: free_val(t_.lists[v.index].element, out, seen); break;
      case ValKind::Tuple: for (auto e : t_.tuples[v.index].types) free_val(e, out, seen); break;
      case ValKind::Option: free_val(t_.options[v.index].some, out, seen); break;
      case ValKind::Result: {
        auto r = t_.results[v.index];
        if (r.ok) free_val(*r.ok, out, seen);
        if (r.err) free_val(*r.err, out, seen);
        break;
      }
      case ValKind::Stream: if (t_.streams[v.index].element) free_val(*t_.streams[v.index].element, out, seen); break;
      case ValKind::Future: if (t_.futures[v.index].value) free_val(*t_.futures[v.index].value, out, seen); break;
      default: break;
    }
  }
  void free_func(uint32_t f, std::set<uint32_t>& out, std::set<std::pair<uint8_t, uint32_t>>& seen) {
    const FuncType ft = t_.funcs[f];
    for (const auto& p : ft.params) free_val(p.type, out, seen);
    if (ft.result) free_val(*ft.result, out, seen);
  }
  void free_extern(const ExternType& e, std::set<uint32_t>& out, std::set<std::pair<uint8_t, uint32_t>>& seen) {
    switch (e.kind) {
      case ExternKind::Func: free_func(e.index, out, seen); break;
      case ExternKind::Value: free_val(e.value, out, seen); break;
      case ExternKind::Type: free_any(e.type, out, seen); break;
      case ExternKind::Instance: {
        const InstanceType it = t_.instances[e.index];
        std::set<uint32_t> inner;
        for (const auto& x : it.exports) free_extern(x.type, inner, seen);
        for (auto r : inner)
          if (std::find(it.defined_resources.begin(), it.defined_resources.end(), r) == it.defined_resources.end()) out.insert(r);
        break;
      }
      case ExternKind::Component: {
        const ComponentType ct = t_.components[e.index];
        std::set<uint32_t> inner;
        for (const auto& x : ct.imports) free_extern(x.type, inner, seen);
        for (const auto& x : ct.exports) free_extern(x.type, inner, seen);
        for (auto r : inner) {
          bool bound = std::find(ct.imported_resources.begin(), ct.imported_resources.end(), r) != ct.imported_resources.end() ||
                       std::find(ct.defined_resources.begin(), ct.defined_resources.end(), r) != ct.defined_resources.end();
          if (!bound) out.insert(r);
        }
        break;
      }
      case ExternKind::CoreModule: break;
    }
  }
  void free_any(const AnyType& a, std::set<uint32_t>& out, std::set<std::pair<uint8_t, uint32_t>>& seen) {
    switch (a.kind) {
      case TypeKind::Value: free_val(a.value, out, seen); break;
      case TypeKind::Func: free_func(a.index, out, seen); break;
      case TypeKind::Resource: out.insert(root(a.index)); break;
      case TypeKind::Instance: {
        ExternType e;
        e.kind = ExternKind::Instance;
        e.index = a.index;
        free_extern(e, out, seen);
        break;
      }
      case TypeKind::Component: {
        ExternType e;
        e.kind = ExternKind::Component;
        e.index = a.index;
        free_extern(e, out, seen);
        break;
      }
    }
  }
  std::set<uint32_t> free_of(const ExternType& e) {
    std::set<uint32_t> out;
    std::set<std::pair<uint8_t, uint32_t>> seen;
    free_extern(e, out, seen);
    return out;
  }

  // What instantiation (or component subtyping) substitutes: resources by resource (an
  // abstract import bound to its argument, a defined resource made fresh), and types by
  // identity (a type import `(eq ..)` renamed to the argument's type, wasmparser's
  // `Remapping::types`), keyed as the named-type sets are. `substituted` remembers what each
  // value type became, so one type stays one type wherever it is used: an export of a type
  // and a function naming it through that export must still agree after the substitution,
  // or the function would refer to a type with no external name.
  using TypeKey = std::pair<uint8_t, uint32_t>;
  struct Substitution {
    std::map<uint32_t, uint32_t> resources;
    std::map<TypeKey, AnyType> types;
    std::map<TypeKey, ValType> substituted;
    bool empty() const { return resources.empty() && types.empty(); }
  };
  static TypeKey key(ValType v) { return {static_cast<uint8_t>(v.kind), v.index}; }
  static TypeKey key_resource(uint32_t r) { return {255, r}; }
  static TypeKey any_key(const AnyType& a) {
    if (a.kind == TypeKind::Value) return key(a.value);
    if (a.kind == TypeKind::Resource) return key_resource(a.index);
    return {static_cast<uint8_t>(200 + static_cast<int>(a.kind)), a.index};
  }
  const AnyType* renamed(const TypeKey& k, const Substitution& m) {
    auto it = m.types.find(k);
    return it == m.types.end() ? nullptr : &it->second;
  }
  ValType subst_val(ValType v, Substitution& m) {
    if (is_primitive(v.kind)) return v;
    if (v.kind == ValKind::Own || v.kind == ValKind::Borrow) {
      if (const AnyType* r = renamed(key_resource(v.index), m)) return ValType{v.kind, r->index};
      auto it = m.resources.find(root(v.index));
      return it == m.resources.end() ? v : ValType{v.kind, it->second};
    }
    if (const AnyType* r = renamed(key(v), m)) return r->value;
    if (auto done = m.substituted.find(key(v)); done != m.substituted.end()) return done->second;
    bool changed = false;
    auto s = [&](ValType x) {
      const ValType y = subst_val(x, m);
      changed = changed || y != x;
      return y;
    };
    ValType out = v;
    switch (v.kind) {
      case ValKind::Record: {
        RecordType r = t_.records[v.index];
        for (auto& f : r.fields) f.type = s(f.type);
        if (changed) out = t_.add(std::move(r));
        break;
      }
      case ValKind::Variant: {
        VariantType r = t_.variants[v.index];
        for (auto& c : r.cases) if (c.type) c.type = s(*c.type);
        if (changed) out = t_.add(std::move(r));
        break;
      }
      case ValKind::List: {
        ListType l = t_.lists[v.index];
        l.element = s(l.element);
        if (changed) out = t_.add(l);
        break;
      }
      case ValKind::Tuple: {
        TupleType tt = t_.tuples[v.index];
        for (auto& e : tt.types) e = s(e);
        if (changed) out = t_.add(std::move(tt));
        break;
      }
      case ValKind::Option: {
        const ValType some = s(t_.options[v.index].some);
        if (changed) out = t_.add(OptionType{some});
        break;
      }
      case ValKind::Result: {
        ResultType r = t_.results[v.index];
        if (r.ok) r.ok = s(*r.ok);
        if (r.err) r.err = s(*r.err);
        if (changed) out = t_.add(r);
        break;
      }
      case ValKind::Stream: {
        StreamType st = t_.streams[v.index];
        if (st.element) st.element = s(*st.element);
        if (changed) out = t_.add(st);
        break;
      }
      case ValKind::Future: {
        FutureType ft = t_.futures[v.index];
        if (ft.value) ft.value = s(*ft.value);
        if (changed) out = t_.add(ft);
        break;
      }
      default: break;
    }
    if (changed) info_[key(out)] = info(v);
    m.substituted.emplace(key(v), out);
    return out;
  }
  uint32_t subst_func(uint32_t f, Substitution& m) {
    FuncType ft = t_.funcs[f];
    for (auto& p : ft.params) p.type = subst_val(p.type, m);
    if (ft.result) ft.result = subst_val(*ft.result, m);
    const uint32_t id = t_.add(std::move(ft)).index;
    sizes_[size_key(ExternKind::Func, id)] = sized(ExternKind::Func, f);
    return id;
  }
  ExternType subst_extern(ExternType e, Substitution& m) {
    if (m.empty()) return e;
    switch (e.kind) {
      case ExternKind::Func: e.index = subst_func(e.index, m); break;
      case ExternKind::Value: e.value = subst_val(e.value, m); break;
      case ExternKind::Type: e.type = subst_any(e.type, m); break;
      case ExternKind::Instance: {
        InstanceType it = t_.instances[e.index];
        for (auto& x : it.exports) x.type = subst_extern(x.type, m);
        const uint32_t old = e.index;
        e.index = t_.add(std::move(it)).index;
        sizes_[size_key(ExternKind::Instance, e.index)] = sized(ExternKind::Instance, old);
        break;
      }
      case ExternKind::Component: {
        ComponentType ct = t_.components[e.index];
        for (auto& x : ct.imports) x.type = subst_extern(x.type, m);
        for (auto& x : ct.exports) x.type = subst_extern(x.type, m);
        const uint32_t old = e.index;
        e.index = t_.add(std::move(ct)).index;
        sizes_[size_key(ExternKind::Component, e.index)] = sized(ExternKind::Component, old);
        break;
      }
      case ExternKind::CoreModule: break;
    }
    return e;
  }
  AnyType subst_any(AnyType a, Substitution& m) {
    if (const AnyType* r = renamed(any_key(a), m)) return *r;
    switch (a.kind) {
      case TypeKind::Value: a.value = subst_val(a.value, m); break;
      case TypeKind::Func: a.index = subst_func(a.index, m); break;
      case TypeKind::Resource: {
        auto it = m.resources.find(root(a.index));
        if (it != m.resources.end()) a.index = it->second;
        break;
      }
      case TypeKind::Instance: {
        ExternType e;
        e.kind = ExternKind::Instance;
        e.index = a.index;
        a.index = subst_extern(e, m).index;
        break;
      }
      case TypeKind::Component: {
        ExternType e;
        e.kind = ExternKind::Component;
        e.index = a.index;
        a.index = subst_extern(e, m).index;
        break;
      }
    }
    return a;
  }

  // ---- opening a component type (wasmparser's open_instance_type) ----
  using ByName = std::unordered_map<std::string_view, const ExternType*>;
  static ByName index_by_name(const std::vector<NamedExtern>& v) {
    ByName out;
    for (const auto& x : v) out.emplace(x.name, &x.type);
    return out;
  }
  // Binds the abstract resources of `expected` listed in `bindable` to the ones `actual`
  // supplies in the same place: a resource import itself, or an export of an imported
  // instance (at any depth). A mismatched argument binds nothing; the subtype check that
  // follows reports it.
  void bind_resources(const ExternType& actual, const ExternType& expected, const std::set<uint32_t>& bindable,
                      std::map<uint32_t, uint32_t>& out) {
    if (expected.kind == ExternKind::Type && expected.type.kind == TypeKind::Resource) {
      const uint32_t r = root(expected.type.index);
      if (actual.kind == ExternKind::Type && actual.type.kind == TypeKind::Resource && !out.count(r) &&
          bindable.count(r)) {
        out[r] = root(actual.type.index);
      }
      return;
    }
    if (expected.kind != ExternKind::Instance || actual.kind != ExternKind::Instance) return;
    each_matching_export(actual, expected, [&](const ExternType& have, const ExternType& want) {
      bind_resources(have, want, bindable, out);
    });
  }
  // Calls f(actual's export, expected's export) for each export of `expected`'s instance type
  // that `actual`'s instance type has too.
  template <class F>
  void each_matching_export(const ExternType& actual, const ExternType& expected, F&& f) {
    const InstanceType want = t_.instances[expected.index], have = t_.instances[actual.index];
    const auto by_name = index_by_name(have.exports);
    for (const auto& w : want.exports)
      if (auto h = by_name.find(w.name); h != by_name.end()) f(*h->second, w.type);
  }
  // After a successful check of `actual` against `expected`: the type imports of `expected`
  // (directly or in an imported instance) stand for the argument's types from now on.
  void rename_types(const ExternType& actual, const ExternType& expected, std::map<TypeKey, AnyType>& out) {
    if (expected.kind == ExternKind::Type && actual.kind == ExternKind::Type) {
      out.emplace(any_key(expected.type), actual.type);
      return;
    }
    if (expected.kind != ExternKind::Instance || actual.kind != ExternKind::Instance) return;
    each_matching_export(actual, expected,
                         [&](const ExternType& have, const ExternType& want) { rename_types(have, want, out); });
  }
  // Checks `args` against the `expected` imports (or exports) of a component whose abstract
  // resources are `bindable`, and returns what instantiating it substitutes. `missing` and
  // `mismatch` word the errors ("missing import named `x`", "type mismatch for import `x`").
  Result<Substitution> open(const std::vector<NamedExtern>& expected, const std::vector<uint32_t>& bindable,
                            const std::function<const ExternType*(const std::string&)>& arg, const char* missing,
                            const char* mismatch, uint32_t off) {
    Substitution m;
    const std::set<uint32_t> abstract(bindable.begin(), bindable.end());
    for (const auto& want : expected)
      if (const ExternType* have = arg(want.name)) bind_resources(*have, want.type, abstract, m.resources);
    Substitution resources_only;
    resources_only.resources = m.resources;
    for (const auto& want : expected) {
      const ExternType* have = arg(want.name);
      if (!have) return fail(off, std::string(missing) + " `" + want.name + "`");
      auto r = extern_sub(*have, subst_extern(want.type, resources_only), off);
      if (!r) return context(r.error(), std::string(mismatch) + " `" + want.name + "`");
      rename_types(*have, want.type, m.types);
    }
    return m;
  }

  // ---- component subtyping ----
  Result<void> val_sub(ValType a, ValType b, uint32_t off) {
    if (is_primitive(a.kind) || is_primitive(b.kind)) {
      if (a.kind == b.kind) return {};
      if (is_primitive(a.kind) && is_primitive(b.kind)) return fail(off, std::string("primitive mismatch: expected primitive `") + kind_name(b.kind) + "` found primitive `" + kind_name(a.kind) + "`");
      if (is_primitive(b.kind)) return fail(off, std::string("expected primitive, found ") + val_desc(a.kind));
      return fail(off, std::string("expected ") + val_desc(b.kind) + ", found primitive");
    }
    if (a.kind != b.kind) return fail(off, std::string("expected ") + val_desc(b.kind) + ", found " + val_desc(a.kind));
    switch (a.kind) {
      case ValKind::Record: {
        const RecordType ra = t_.records[a.index], rb = t_.records[b.index];
        if (ra.fields.size() != rb.fields.size()) return fail(off, "expected " + std::to_string(rb.fields.size()) + " fields, found " + std::to_string(ra.fields.size()));
        for (size_t i = 0; i < ra.fields.size(); ++i) {
          if (!names::kebab_equal(ra.fields[i].name, rb.fields[i].name)) return fail(off, "type mismatch in record field: expected field name `" + rb.fields[i].name + "`, found `" + ra.fields[i].name + "`");
          auto r = val_sub(ra.fields[i].type, rb.fields[i].type, off);
          if (!r) return context(r.error(), "type mismatch in record field `" + ra.fields[i].name + "`");
        }
        return {};
      }
      case ValKind::Variant: {
        const VariantType va = t_.variants[a.index], vb = t_.variants[b.index];
        if (va.cases.size() != vb.cases.size()) return fail(off, "expected " + std::to_string(vb.cases.size()) + " cases, found " + std::to_string(va.cases.size()));
        for (size_t i = 0; i < va.cases.size(); ++i) {
          const auto &ca = va.cases[i], &cb = vb.cases[i];
          if (!names::kebab_equal(ca.name, cb.name)) return fail(off, "type mismatch in variant case: expected case named `" + cb.name + "`, found `" + ca.name + "`");
          if (ca.type && cb.type) {
            auto r = val_sub(*ca.type, *cb.type, off);
            if (!r) return context(r.error(), "type mismatch in variant case `" + ca.name + "`");
          } else if (!ca.type && cb.type) {
            return fail(off, "type mismatch in variant case `" + ca.name + "`: expected case `" + ca.name + "` to have a type, found none");
          } else if (ca.type && !cb.type) {
            return fail(off, "type mismatch in variant case `" + ca.name + "`: expected case `" + ca.name + "` to have no type");
          }
        }
        return {};
      }
      case ValKind::List: {
        const ListType la = t_.lists[a.index], lb = t_.lists[b.index];
        if (la.length != lb.length) return fail(off, "expected list of a different length");
        return val_sub(la.element, lb.element, off);
      }
      case ValKind::Option: return val_sub(t_.options[a.index].some, t_.options[b.index].some, off);
      case ValKind::Tuple: {
        const TupleType ta = t_.tuples[a.index], tb = t_.tuples[b.index];
        if (ta.types.size() != tb.types.size()) return fail(off, "type mismatch in tuple field: expected " + std::to_string(tb.types.size()) + " types, found " + std::to_string(ta.types.size()));
        for (size_t i = 0; i < ta.types.size(); ++i) {
          auto r = val_sub(ta.types[i], tb.types[i], off);
          if (!r) return context(r.error(), "type mismatch in tuple field " + std::to_string(i));
        }
        return {};
      }
      case ValKind::Flags:
      case ValKind::Enum: {
        const auto& na = a.kind == ValKind::Flags ? t_.flags[a.index].names : t_.enums[a.index].names;
        const auto& nb = b.kind == ValKind::Flags ? t_.flags[b.index].names : t_.enums[b.index].names;
        bool same = na.size() == nb.size();
        for (size_t i = 0; same && i < na.size(); ++i) same = names::kebab_equal(na[i], nb[i]);
        if (!same) return fail(off, std::string("type mismatch in ") + (a.kind == ValKind::Flags ? "flags" : "enum") + " elements");
        return {};
      }
      case ValKind::Result: {
        auto r = result_sub(a, b, off);
        if (!r) return context(r.error(), "type mismatch in result type");
        return {};
      }
      default: return other_sub(a, b, off);
    }
  }
  Result<void> result_sub(ValType a, ValType b, uint32_t off) {
    const ResultType ra = t_.results[a.index], rb = t_.results[b.index];
    if (ra.ok && rb.ok) {
      auto r = val_sub(*ra.ok, *rb.ok, off);
      if (!r) return context(r.error(), "type mismatch in ok variant");
    } else if (!ra.ok && rb.ok) {
      return fail(off, "expected ok type, but found none");
    } else if (ra.ok && !rb.ok) {
      return fail(off, "expected ok type to not be present");
    }
    if (ra.err && rb.err) {
      auto r = val_sub(*ra.err, *rb.err, off);
      if (!r) return context(r.error(), "type mismatch in err variant");
    } else if (!ra.err && rb.err) {
      return fail(off, "expected err type, but found none");
    } else if (ra.err && !rb.err) {
      return fail(off, "expected err type to not be present");
    }
    return {};
  }
  Result<void> other_sub(ValType a, ValType b, uint32_t off) {
    switch (a.kind) {
      case ValKind::Own:
      case ValKind::Borrow:
        if (root(a.index) != root(b.index)) return fail(off, "resource types are not the same");
        return {};
      case ValKind::Stream:
      case ValKind::Future: {
        auto ea = a.kind == ValKind::Stream ? t_.streams[a.index].element : t_.futures[a.index].value;
        auto eb = b.kind == ValKind::Stream ? t_.streams[b.index].element : t_.futures[b.index].value;
        const std::string what = a.kind == ValKind::Stream ? "stream" : "future";
        if (ea && eb) return val_sub(*ea, *eb, off);
        if (!ea && eb) return fail(off, "expected " + what + " type, but found none");
        if (ea && !eb) return fail(off, "expected " + what + " type to not be present");
        return {};
      }
      default: return {};
    }
  }
  Result<void> func_sub(uint32_t fa, uint32_t fb, uint32_t off) {
    const FuncType a = t_.funcs[fa], b = t_.funcs[fb];
    if (a.async != b.async) return fail(off, "expected async function, found sync function");
    if (a.params.size() != b.params.size()) return fail(off, "type mismatch in function type: expected " + std::to_string(b.params.size()) + " parameters, found " + std::to_string(a.params.size()));
    for (size_t i = 0; i < a.params.size(); ++i) {
      if (!names::kebab_equal(a.params[i].name, b.params[i].name)) return fail(off, "type mismatch in function parameter: expected parameter named `" + b.params[i].name + "`, found `" + a.params[i].name + "`");
      auto r = val_sub(b.params[i].type, a.params[i].type, off);
      if (!r) return context(r.error(), "type mismatch in function parameter `" + a.params[i].name + "`");
    }
    if (a.result && b.result) {
      auto r = val_sub(*a.result, *b.result, off);
      if (!r) return context(r.error(), "type mismatch in result type");
    } else if (a.result && !b.result) {
      return fail(off, "expected a result, found none");
    } else if (b.result && !a.result) {
      return fail(off, "expected no result, found one");
    }
    return {};
  }
  static const char* any_desc(TypeKind k) {
    switch (k) {
      case TypeKind::Value: return "defined type";
      case TypeKind::Func: return "func type";
      case TypeKind::Resource: return "resource";
      case TypeKind::Instance: return "instance type";
      case TypeKind::Component: return "component type";
    }
    return "?";
  }
  Result<void> any_sub(const AnyType& a, const AnyType& b, uint32_t off) {
    if (a.kind != b.kind) return fail(off, std::string("expected ") + any_desc(b.kind) + ", found " + any_desc(a.kind));
    switch (a.kind) {
      case TypeKind::Resource:
        if (root(a.index) != root(b.index)) return fail(off, "resource types are not the same");
        return {};
      case TypeKind::Value: return val_sub(a.value, b.value, off);
      case TypeKind::Func: return func_sub(a.index, b.index, off);
      case TypeKind::Instance:
      case TypeKind::Component: {
        ExternType ea, eb;
        ea.kind = eb.kind = a.kind == TypeKind::Instance ? ExternKind::Instance : ExternKind::Component;
        ea.index = a.index;
        eb.index = b.index;
        return extern_sub(ea, eb, off);
      }
    }
    return {};
  }
  static const ExternType* find_extern(const ByName& v, const std::string& name) {
    auto it = v.find(name);
    return it == v.end() ? nullptr : it->second;
  }
  Result<void> extern_sub(const ExternType& a, const ExternType& b, uint32_t off) {
    if (a.kind != b.kind) return fail(off, std::string("expected ") + desc(b.kind) + ", found " + desc(a.kind));
    switch (a.kind) {
      case ExternKind::CoreModule: return module_sub(t_.core_modules[a.index], t_.core_modules[b.index], off);
      case ExternKind::Func: return func_sub(a.index, b.index, off);
      case ExternKind::Value: return val_sub(a.value, b.value, off);
      case ExternKind::Type: return any_sub(a.type, b.type, off);
      case ExternKind::Instance: {
        const InstanceType ia = t_.instances[a.index], ib = t_.instances[b.index];
        const auto a_exports = index_by_name(ia.exports);
        for (const auto& eb : ib.exports) {
          const ExternType* ea = find_extern(a_exports, eb.name);
          if (!ea) return fail(off, "missing expected export `" + eb.name + "`");
          auto r = extern_sub(*ea, eb.type, off);
          if (!r) return context(r.error(), "type mismatch in instance export `" + eb.name + "`");
        }
        return {};
      }
      case ExternKind::Component: {
        // Whoever expects a `b` supplies `b`'s imports: they must satisfy `a`'s (binding
        // `a`'s abstract imports to `b`'s). `a`'s exports, seen through those bindings, must
        // then satisfy `b`'s (binding `b`'s defined resources to `a`'s).
        const ComponentType ca = t_.components[a.index], cb = t_.components[b.index];
        const auto b_imports = index_by_name(cb.imports);
        VTRY(imports, open(ca.imports, ca.imported_resources,
                           [&](const std::string& n) { return find_extern(b_imports, n); },
                           "missing expected import", "type mismatch in import", off));
        std::vector<NamedExtern> a_exports;
        for (const auto& x : ca.exports) a_exports.push_back(NamedExtern{x.name, subst_extern(x.type, imports)});
        const auto a_by_name = index_by_name(a_exports);
        VTRY(exports, open(cb.exports, cb.defined_resources,
                           [&](const std::string& n) { return find_extern(a_by_name, n); },
                           "missing expected export", "type mismatch in export", off));
        (void)exports;
        return {};
      }
    }
    return {};
  }

  // ---- extern descriptions ----
  Result<ExternType> extern_desc(const ExternDesc& d, uint32_t off) {
    ExternType e;
    switch (d.kind) {
      case DescKind::CoreModule: {
        e.kind = ExternKind::CoreModule;
        if (d.index >= cur().core_types.size()) return fail(off, "unknown core type " + std::to_string(d.index) + ": type index out of bounds");
        if (!cur().core_types[d.index].module) return fail(off, "unknown module type: core type index " + std::to_string(d.index) + " is not a module type");
        e.index = cur().core_types[d.index].module_id;
        return e;
      }
      case DescKind::Func: {
        e.kind = ExternKind::Func;
        VTRY(t, type_at(d.index, off));
        if (t.kind != TypeKind::Func) return fail(off, "unknown function type: type index " + std::to_string(d.index) + " is not a function type");
        e.index = t.index;
        return e;
      }
      case DescKind::Value: {
        e.kind = ExternKind::Value;
        VTRY(v, valtype(d.value, off));
        e.value = v;
        return e;
      }
      case DescKind::Type: {
        e.kind = ExternKind::Type;
        if (d.bound.sub_resource) {
          e.type.kind = TypeKind::Resource;
          e.type.index = t_.add(ResourceTypeEntry{"", false}).index;
        } else {
          VTRY(t, type_at(d.bound.eq_index, off));
          e.type = t;
        }
        return e;
      }
      case DescKind::Instance: {
        e.kind = ExternKind::Instance;
        VTRY(t, type_at(d.index, off));
        if (t.kind != TypeKind::Instance) return fail(off, "unknown instance type: type index " + std::to_string(d.index) + " is not an instance type");
        e.index = t.index;
        return e;
      }
      case DescKind::Component: {
        e.kind = ExternKind::Component;
        VTRY(t, type_at(d.index, off));
        if (t.kind != TypeKind::Component) return fail(off, "unknown component type: type index " + std::to_string(d.index) + " is not a component type");
        e.index = t.index;
        return e;
      }
    }
    return e;
  }

  // ---- named-type restrictions ----
  using TypeSet = std::set<TypeKey>;
  bool named_val(ValType v, const TypeSet& set) {
    switch (v.kind) {
      case ValKind::Record:
      case ValKind::Variant:
      case ValKind::Flags:
      case ValKind::Enum: return set.count(key(v)) > 0;
      case ValKind::Tuple:
        for (auto e : t_.tuples[v.index].types)
          if (!named_val(e, set)) return false;
        return true;
      case ValKind::Result: {
        auto r = t_.results[v.index];
        return (!r.ok || named_val(*r.ok, set)) && (!r.err || named_val(*r.err, set));
      }
      case ValKind::List: return named_val(t_.lists[v.index].element, set);
      case ValKind::Option: return named_val(t_.options[v.index].some, set);
      case ValKind::Own:
      case ValKind::Borrow: return set.count(key_resource(v.index)) > 0;
      case ValKind::Stream: return !t_.streams[v.index].element || named_val(*t_.streams[v.index].element, set);
      case ValKind::Future: return !t_.futures[v.index].value || named_val(*t_.futures[v.index].value, set);
      default: return true;
    }
  }
  // Like named_val, but the defined type itself need not be named (its parts must be).
  bool named_defined(ValType v, const TypeSet& set) {
    switch (v.kind) {
      case ValKind::Record:
        for (const auto& f : t_.records[v.index].fields)
          if (!named_val(f.type, set)) return false;
        return true;
      case ValKind::Variant:
        for (const auto& c : t_.variants[v.index].cases)
          if (c.type && !named_val(*c.type, set)) return false;
        return true;
      case ValKind::Flags:
      case ValKind::Enum: return true;
      default: return named_val(v, set);
    }
  }
  bool named_func(uint32_t f, const TypeSet& set) {
    const FuncType ft = t_.funcs[f];
    for (const auto& p : ft.params)
      if (!named_val(p.type, set)) return false;
    return !ft.result || named_val(*ft.result, set);
  }
  bool named_instance(uint32_t i, const TypeSet& set) {
    for (const auto& e : t_.instances[i].exports) {
      switch (e.type.kind) {
        case ExternKind::Func: if (!named_func(e.type.index, set)) return false; break;
        case ExternKind::Type: if (!named_any(e.type.type, set)) return false; break;
        case ExternKind::Value: if (!named_defined(e.type.value, set)) return false; break;
        case ExternKind::Instance: if (!named_instance(e.type.index, set)) return false; break;
        default: break;
      }
    }
    return true;
  }
  bool named_any(const AnyType& a, const TypeSet& set) {
    switch (a.kind) {
      case TypeKind::Value: return named_defined(a.value, set);
      case TypeKind::Func: return named_func(a.index, set);
      case TypeKind::Instance: return named_instance(a.index, set);
      default: return true;
    }
  }
  bool register_named(const ExternType& e, bool is_import, bool toplevel) {
    State& s = cur();
    (void)toplevel;
    if (s.kind == StateKind::InstanceType) return true;
    TypeSet& set = is_import ? s.imported_types : s.exported_types;
    switch (e.kind) {
      case ExternKind::Type: {
        if (!named_any(e.type, set)) return false;
        if (is_import) s.imported_types.insert(any_key(e.type));
        s.exported_types.insert(any_key(e.type));
        return true;
      }
      case ExternKind::Instance: {
        for (const auto& x : t_.instances[e.index].exports)
          if (!register_named(x.type, is_import, false)) return false;
        return true;
      }
      case ExternKind::Func: return named_func(e.index, set);
      case ExternKind::Value: return named_val(e.value, set);
      default: return true;
    }
  }

  // ---- imports and exports ----
  // A type import or export names a type of its own (wasmparser's `with_unique`), so the
  // named-type sets and the resource names see only later uses that go through it: a copy of
  // a nominal value type, an alias of a resource. Other types are never looked up by identity.
  AnyType fresh_alias(const AnyType& t) {
    if (t.kind == TypeKind::Resource) return AnyType{TypeKind::Resource, {}, alias_resource(t.index)};
    if (t.kind != TypeKind::Value) return t;
    const ValType v = t.value;
    AnyType out = t;
    switch (v.kind) {
      case ValKind::Record: out.value = t_.add(RecordType(t_.records[v.index])); break;
      case ValKind::Variant: out.value = t_.add(VariantType(t_.variants[v.index])); break;
      case ValKind::Flags: out.value = t_.add(FlagsType(t_.flags[v.index])); break;
      case ValKind::Enum: out.value = t_.add(EnumType(t_.enums[v.index])); break;
      default: return t;
    }
    info_[key(out.value)] = info(v);
    return out;
  }

  Result<void> add_entity(ExternType& e, const std::string* name, bool is_import, bool is_export, uint32_t off) {
    State& s = cur();
    switch (e.kind) {
      case ExternKind::CoreModule: s.core_modules.push_back(e.index); break;
      case ExternKind::Component: s.components.push_back(e.index); break;
      case ExternKind::Func: s.funcs.push_back(e.index); break;
      case ExternKind::Value: s.values.push_back({e.value, is_export}); break;
      case ExternKind::Instance: {
        if (is_import) prepare_instance_import(e);
        else if (is_export) prepare_instance_export(e);
        s.instances.push_back(e.index);
        break;
      }
      case ExternKind::Type: {
        if (is_import || is_export) e.type = fresh_alias(e.type);
        s.types.push_back(e.type);
        break;
      }
    }
    if (e.kind == ExternKind::Type && e.type.kind == TypeKind::Resource && name) {
      ResourceNames& names = is_import ? s.imported_names : s.exported_names;
      names.by_alias.emplace(e.type.index, *name);
      names.all.insert(*name);
      auto& entry = t_.resources[root(e.type.index)];
      if (entry.name.empty()) entry.name = *name;
    }
    if ((is_import || is_export) && !register_named(e, is_import, true)) {
      return fail(off, std::string(desc(e.kind)) + " not valid to be used as " + (is_import ? "import" : "export"));
    }
    return {};
  }
  // An instance of a type with abstract resources, imported or exported: this instance's
  // resources are fresh, imported by (or defined in) the enclosing component.
  void prepare_instance_import(ExternType& e) { freshen_instance(e, cur().imported_resources); }
  void prepare_instance_export(ExternType& e) { freshen_instance(e, cur().defined_resources); }
  void freshen_instance(ExternType& e, std::vector<uint32_t>& into) {
    const InstanceType it = t_.instances[e.index];
    if (it.defined_resources.empty()) return;
    Substitution m;
    for (auto r : it.defined_resources) {
      const uint32_t fresh = fresh_resource(r);
      m.resources[root(r)] = fresh;
      into.push_back(fresh);
    }
    InstanceType copy = it;
    copy.defined_resources.clear();
    for (auto& x : copy.exports) x.type = subst_extern(x.type, m);
    const uint32_t old = e.index;
    e.index = t_.add(std::move(copy)).index;
    sizes_[size_key(ExternKind::Instance, e.index)] = sized(ExternKind::Instance, old);
  }

  Result<void> check_name(const ExternName& n, const ExternType& e, bool is_import, uint32_t off) {
    const char* kind = is_import ? "import" : "export";
    auto parsed = names::parse_name(n.name);
    if (!parsed) return fail(off, std::string(kind) + " name `" + n.name + "` is not a valid extern name: " + parsed.error().message());
    const auto& p = *parsed;
    if (!is_import && (p.kind == names::NameKind::Hash || p.kind == names::NameKind::Url || p.kind == names::NameKind::Dependency)) {
      return fail(off, "name `" + n.name + "` is not a valid export name");
    }
    if (n.implements) {
      if (p.kind != names::NameKind::Label) return fail(off, "name `" + n.name + "` is not valid with `implements`");
      if (e.kind != ExternKind::Instance) return fail(off, "only instances can have an `implements`");
      auto impl = names::parse_name(*n.implements);
      if (!impl) return fail(off, "`" + *n.implements + "` is not a valid name: " + impl.error().message());
      if (impl->kind != names::NameKind::Interface) return fail(off, "name `" + *n.implements + "` must be an interface");
    }
    if (n.version_suffix && e.kind != ExternKind::Instance) return fail(off, "only instances can have an `versionsuffix`");
    auto v = check_names_semantics(p, n, e, is_import ? cur().imported_names : cur().exported_names, off);
    if (!v) return context(v.error(), std::string(kind) + " name `" + n.name + "` is not valid");
    auto& keys = is_import ? cur().import_keys : cur().export_keys;
    if (!keys.insert(p.unique_key).second) {
      return fail(off, std::string(kind) + " name `" + n.name + "` conflicts with previous name (conflicts with previous " + kind + " name)");
    }
    return {};
  }
  Result<void> check_names_semantics(const names::ParsedName& p, const ExternName& n, const ExternType& e,
                                     const ResourceNames& known, uint32_t off) {
    using names::NameKind;
    auto func = [&]() -> Result<FuncType> {
      if (e.kind != ExternKind::Func) return fail(off, "item is not a func");
      return t_.funcs[e.index];
    };
    switch (p.kind) {
      case NameKind::Interface: {
        auto r = names::check_interface_version(n.name, n.version_suffix);
        if (!r) return fail(off, r.error().message());
        return {};
      }
      case NameKind::Constructor: {
        VTRY(f, func());
        if (f.async) return fail(off, "constructor function cannot be async");
        if (!f.result) return fail(off, "function should return one value");
        std::optional<uint32_t> res;
        ValType r = *f.result;
        if (r.kind == ValKind::Own) res = r.index;
        else if (r.kind == ValKind::Result && t_.results[r.index].ok && t_.results[r.index].ok->kind == ValKind::Own) res = t_.results[r.index].ok->index;
        if (!res) return fail(off, "function should return `(own $T)` or `(result (own $T))`");
        return resource_name(*res, p.resource, known, off);
      }
      case NameKind::Method: {
        VTRY(f, func());
        if (f.params.empty()) return fail(off, "function should have at least one argument");
        if (f.params[0].name != "self") return fail(off, "function should have a first argument called `self`");
        if (f.params[0].type.kind != ValKind::Borrow) return fail(off, "function should take a first argument of `(borrow $T)`");
        return resource_name(f.params[0].type.index, p.resource, known, off);
      }
      case NameKind::Static: {
        VTRY(f, func());
        (void)f;
        bool named = false;
        for (const auto& rn : known.all)
          if (names::kebab_equal(rn, p.resource)) named = true;
        if (!named) return fail(off, "static resource name is not known in this context");
        return {};
      }
      default: return {};
    }
  }
  Result<void> resource_name(uint32_t res, const std::string& name, const ResourceNames& known, uint32_t off) {
    auto it = known.by_alias.find(res);
    if (it == known.by_alias.end()) return fail(off, "resource used in function does not have a name in this context");
    if (!names::kebab_equal(it->second, name)) return fail(off, "function does not match expected resource name `" + it->second + "`");
    return {};
  }

  Result<void> add_import(const ExternName& n, const ExternDesc& d, uint32_t off) {
    VTRY(e, extern_desc(d, off));
    if (d.kind == DescKind::Type && d.bound.sub_resource) cur().imported_resources.push_back(e.type.index);
    VCHECK(add_entity(e, &n.name, true, false, off));
    VCHECK(check_name(n, e, true, off));
    cur().imports.push_back(NamedExtern{n.name, e});
    return {};
  }
  Result<void> add_export(const ExternName& n, ExternType e, uint32_t off) {
    for (const auto& prev : cur().exports)
      if (prev.name == n.name) return fail(off, "export name `" + n.name + "` conflicts with previous name `" + prev.name + "`");
    VCHECK(add_entity(e, &n.name, false, true, off));
    VCHECK(check_name(n, e, false, off));
    cur().exports.push_back(NamedExtern{n.name, e});
    return {};
  }

  // ---- sorts ----
  Result<ExternType> item(const SortIdx& s, uint32_t off, bool use) {
    ExternType e;
    switch (s.sort) {
      case Sort::CoreModule: {
        VTRY(m, module_at(s.index, off));
        e.kind = ExternKind::CoreModule;
        e.index = m;
        return e;
      }
      case Sort::Func: {
        VTRY(f, func_at(s.index, off));
        e.kind = ExternKind::Func;
        e.index = f;
        return e;
      }
      case Sort::Value: {
        e.kind = ExternKind::Value;
        if (use) {
          VTRY(v, use_value(s.index, off));
          e.value = v;
        } else {
          if (s.index >= cur().values.size()) return fail(off, "unknown value " + std::to_string(s.index) + ": value index out of bounds");
          e.value = cur().values[s.index].first;
        }
        return e;
      }
      case Sort::Type: {
        VTRY(t, type_at(s.index, off));
        e.kind = ExternKind::Type;
        e.type = t;
        return e;
      }
      case Sort::Instance: {
        VTRY(i, instance_at(s.index, off));
        e.kind = ExternKind::Instance;
        e.index = i;
        return e;
      }
      case Sort::Component: {
        VTRY(c, component_at(s.index, off));
        e.kind = ExternKind::Component;
        e.index = c;
        return e;
      }
      default: return fail(off, "core items other than modules cannot be component exports or arguments");
    }
  }

  // ---- instances ----
  Result<void> instance(const Instance& in) {
    if (in.inline_exports) {
      InstanceType it;
      std::set<std::string> keys;
      for (const auto& x : in.exports) {
        VTRY(e, item(x.item, in.offset, true));
        auto p = names::parse_name(x.name.name);
        if (!p) return fail(in.offset, "instance export name `" + x.name.name + "` is not a valid extern name: " + p.error().message());
        // A bag of exports introduces no indices, so no resource has a name in it.
        auto v = check_names_semantics(*p, x.name, e, ResourceNames{}, in.offset);
        if (!v) return context(v.error(), "export name `" + x.name.name + "` is not valid");
        if (!keys.insert(p->unique_key).second) return fail(in.offset, "instance export name `" + x.name.name + "` conflicts with previous name");
        if (e.kind == ExternKind::Type && e.type.kind == TypeKind::Value) e.type = fresh_alias(e.type);
        it.exports.push_back(NamedExtern{x.name.name, e});
      }
      const uint32_t id = t_.add(std::move(it)).index;
      VCHECK(record_size(ExternKind::Instance, id, in.offset));
      cur().instances.push_back(id);
      return {};
    }
    VTRY(cid, component_at(in.component, in.offset));
    std::map<std::string, ExternType> args;
    std::set<std::string> keys;
    for (const auto& a : in.args) {
      VTRY(e, item(a.item, in.offset, true));
      // Argument names need not be valid extern names (an import that is not one can never
      // be satisfied by name anyway); they must still be strongly unique.
      auto p = names::parse_name(a.name);
      if (!keys.insert(p ? p->unique_key : "raw:" + a.name).second) return fail(in.offset, "instantiation argument `" + a.name + "` conflicts with previous argument");
      args.emplace(a.name, e);
    }
    const ComponentType ct = t_.components[cid];
    auto arg = [&](const std::string& name) -> const ExternType* {
      auto found = args.find(name);
      return found == args.end() ? nullptr : &found->second;
    };
    VTRY(m, open(ct.imports, ct.imported_resources, arg, "missing import named", "type mismatch for import", in.offset));
    // The component's own resources are made anew by each instantiation, and belong to the
    // component that instantiates it from now on.
    for (auto r : ct.defined_resources) {
      const uint32_t fresh = fresh_resource(r);
      m.resources[root(r)] = fresh;
      if (cur().kind == StateKind::Component) cur().defined_resources.push_back(fresh);
    }
    InstanceType it;
    for (const auto& ex : ct.exports) it.exports.push_back(NamedExtern{ex.name, subst_extern(ex.type, m)});
    const uint32_t id = t_.add(std::move(it)).index;
    VCHECK(record_size(ExternKind::Instance, id, in.offset));
    cur().instances.push_back(id);
    return {};
  }

  // ---- aliases ----
  Result<void> alias(const Alias& a, bool in_type) {
    switch (a.kind) {
      case Alias::Kind::CoreInstanceExport: {
        if (in_type) return fail(a.offset, "aliases in a component or instance type may only refer to types or instances");
        VTRY(ci, core_instance_at(a.instance, a.offset));
        const CoreExport* e = core_instance_types_[ci].find(a.name);
        if (!e) return fail(a.offset, "alias unknown export name: core instance " + std::to_string(a.instance) + " has no export named `" + a.name + "`");
        CoreExternKind want = CoreExternKind::Func;
        const char* what = "function";
        switch (a.sort) {
          case Sort::CoreFunc: want = CoreExternKind::Func; what = "func"; break;
          case Sort::CoreTable: want = CoreExternKind::Table; what = "table"; break;
          case Sort::CoreMemory: want = CoreExternKind::Memory; what = "memory"; break;
          case Sort::CoreGlobal: want = CoreExternKind::Global; what = "global"; break;
          case Sort::CoreTag: want = CoreExternKind::Tag; what = "tag"; break;
          default: return fail(a.offset, "invalid core export alias kind");
        }
        if (e->type.kind != want) return fail(a.offset, std::string("unknown ") + what + ": export `" + a.name + "` for core instance " + std::to_string(a.instance) + " is not a " + what);
        push_core(e->type);
        return {};
      }
      case Alias::Kind::InstanceExport: {
        VTRY(iid, instance_at(a.instance, a.offset));
        const InstanceType it = t_.instances[iid];
        const NamedExtern* e = nullptr;
        for (const auto& x : it.exports)
          if (x.name == a.name) e = &x;
        if (!e) return fail(a.offset, "alias unknown export name: instance " + std::to_string(a.instance) + " has no export named `" + a.name + "`");
        ExternKind want = ExternKind::Func;
        switch (a.sort) {
          case Sort::CoreModule: want = ExternKind::CoreModule; break;
          case Sort::Func: want = ExternKind::Func; break;
          case Sort::Value: want = ExternKind::Value; break;
          case Sort::Type: want = ExternKind::Type; break;
          case Sort::Instance: want = ExternKind::Instance; break;
          case Sort::Component: want = ExternKind::Component; break;
          default: break;
        }
        if (e->type.kind != want) return fail(a.offset, std::string("alias unknown export ") + desc(want) + ": export `" + a.name + "` for instance " + std::to_string(a.instance) + " is not a " + desc(want));
        if (in_type && want != ExternKind::Type && want != ExternKind::Instance) {
          return fail(a.offset, "aliases in a component or instance type may only refer to types or instances");
        }
        ExternType copy = e->type;
        VCHECK(add_entity(copy, nullptr, false, false, a.offset));
        return {};
      }
      case Alias::Kind::Outer: {
        if (a.outer_count >= stack_.size()) return fail(a.offset, "invalid outer alias count of " + std::to_string(a.outer_count));
        const size_t target = stack_.size() - 1 - a.outer_count;
        State& s = stack_[target];
        switch (a.sort) {
          case Sort::CoreModule:
            if (a.outer_index >= s.core_modules.size()) return fail(a.offset, "unknown module " + std::to_string(a.outer_index) + ": module index out of bounds");
            cur().core_modules.push_back(s.core_modules[a.outer_index]);
            return {};
          case Sort::Component:
            if (a.outer_index >= s.components.size()) return fail(a.offset, "unknown component " + std::to_string(a.outer_index) + ": component index out of bounds");
            cur().components.push_back(s.components[a.outer_index]);
            return {};
          case Sort::CoreType:
            if (a.outer_index >= s.core_types.size()) return fail(a.offset, "unknown core type " + std::to_string(a.outer_index) + ": type index out of bounds");
            cur().core_types.push_back(s.core_types[a.outer_index]);
            return {};
          case Sort::Type: {
            if (a.outer_index >= s.types.size()) return fail(a.offset, "unknown type " + std::to_string(a.outer_index) + ": type index out of bounds");
            const AnyType t = s.types[a.outer_index];
            // Crossing a component boundary: the type may not refer to resources of the outer one.
            bool crosses = false;
            for (size_t k = target + 1; k < stack_.size(); ++k)
              if (stack_[k].kind == StateKind::Component) crosses = true;
            if (crosses) {
              std::set<uint32_t> fr;
              std::set<std::pair<uint8_t, uint32_t>> seen;
              free_any(t, fr, seen);
              if (!fr.empty()) return fail(a.offset, "cannot alias outer type which transitively refers to resources not defined in the current component");
            }
            cur().types.push_back(t);
            return {};
          }
          default: return fail(a.offset, "invalid outer alias kind");
        }
      }
    }
    return {};
  }
  void push_core(const CoreExternType& t) {
    switch (t.kind) {
      case CoreExternKind::Func: cur().core_funcs.push_back(t.func); break;
      case CoreExternKind::Table: cur().core_tables.push_back(t); break;
      case CoreExternKind::Memory: cur().core_memories.push_back(t); break;
      case CoreExternKind::Global: cur().core_globals.push_back(t); break;
      case CoreExternKind::Tag: cur().core_tags.push_back(t); break;
    }
  }

  // ---- types ----
  Result<void> type_def(const TypeDef& d) {
    AnyType t;
    switch (d.kind) {
      case TypeDef::Kind::Defined: {
        VTRY(v, defined(d.defined, d.offset));
        t.kind = TypeKind::Value;
        t.value = v;
        break;
      }
      case TypeDef::Kind::Func: {
        VTRY(f, func_type_def(d.func, d.offset));
        t.kind = TypeKind::Func;
        t.index = f;
        break;
      }
      case TypeDef::Kind::Resource: {
        if (cur().kind != StateKind::Component) return fail(d.offset, "resources can only be defined within a concrete component");
        if (d.resource.rep != stratus::ValType::I32) return fail(d.offset, "resources can only be represented by `i32`");
        if (d.resource.dtor) {
          VTRY(f, core_func_at(*d.resource.dtor, d.offset));
          if (f.params != std::vector<stratus::ValType>{stratus::ValType::I32} || !f.results.empty()) {
            return fail(d.offset, "core function " + std::to_string(*d.resource.dtor) + " has wrong signature for a destructor");
          }
        }
        t.kind = TypeKind::Resource;
        t.index = t_.add(ResourceTypeEntry{"", true}).index;
        cur().local_resources.insert(t.index);
        break;
      }
      case TypeDef::Kind::Component:
      case TypeDef::Kind::Instance: {
        State s;
        s.kind = d.kind == TypeDef::Kind::Component ? StateKind::ComponentType : StateKind::InstanceType;
        stack_.push_back(std::move(s));
        for (const auto& decl : d.decls) {
          auto r = type_decl(decl);
          if (!r) {
            stack_.pop_back();
            return r.error();
          }
        }
        State done = std::move(stack_.back());
        stack_.pop_back();
        if (d.kind == TypeDef::Kind::Component) {
          ComponentType ct;
          ct.imports = std::move(done.imports);
          ct.exports = std::move(done.exports);
          ct.imported_resources = std::move(done.imported_resources);
          ct.defined_resources = std::move(done.defined_resources);
          t.kind = TypeKind::Component;
          t.index = t_.add(std::move(ct)).index;
          VCHECK(record_size(ExternKind::Component, t.index, d.offset));
        } else {
          InstanceType it;
          it.exports = std::move(done.exports);
          it.defined_resources = std::move(done.defined_resources);
          t.kind = TypeKind::Instance;
          t.index = t_.add(std::move(it)).index;
          VCHECK(record_size(ExternKind::Instance, t.index, d.offset));
        }
        break;
      }
    }
    if (cur().types.size() >= kMaxComponentTypes) return fail(d.offset, "types count exceeds limit of " + std::to_string(kMaxComponentTypes));
    cur().types.push_back(t);
    return {};
  }
  Result<void> type_decl(const TypeDecl& d) {
    switch (d.kind) {
      case TypeDecl::Kind::CoreType: return core_type_def(d.core_type);
      case TypeDecl::Kind::Type: return type_def(d.type);
      case TypeDecl::Kind::Alias: return alias(d.alias, true);
      case TypeDecl::Kind::Import: return add_import(d.name, d.desc, d.offset);
      case TypeDecl::Kind::Export: {
        VTRY(e, extern_desc(d.desc, d.offset));
        if (d.desc.kind == DescKind::Type && d.desc.bound.sub_resource) cur().defined_resources.push_back(e.type.index);
        return add_export(d.name, e, d.offset);
      }
    }
    return {};
  }

  // ---- canonical functions ----
  struct Options {
    bool memory = false, realloc = false, post_return = false, async = false, callback = false, core_type = false;
    uint32_t post_return_func = 0;
    stratus::FuncType post_return_type;
  };
  Result<Options> options(const std::vector<CanonOpt>& opts, uint32_t off) {
    Options o;
    const char* encoding = nullptr;
    static const char* enc_names[] = {"utf8", "utf16", "latin1-utf16"};
    for (const auto& opt : opts) {
      switch (opt.kind) {
        case CanonOptKind::Utf8:
        case CanonOptKind::Utf16:
        case CanonOptKind::Latin1Utf16: {
          const char* name = enc_names[static_cast<int>(opt.kind)];
          if (encoding) return fail(off, std::string("canonical encoding option `") + encoding + "` conflicts with option `" + name + "`");
          encoding = name;
          break;
        }
        case CanonOptKind::Memory: {
          if (o.memory) return fail(off, "canonical option `memory` is specified more than once");
          if (opt.index >= cur().core_memories.size()) return fail(off, "unknown memory " + std::to_string(opt.index) + ": memory index out of bounds");
          o.memory = true;
          break;
        }
        case CanonOptKind::Realloc: {
          if (o.realloc) return fail(off, "canonical option `realloc` is specified more than once");
          VTRY(f, core_func_at(opt.index, off));
          using V = stratus::ValType;
          if (f.params != std::vector<V>{V::I32, V::I32, V::I32, V::I32} || f.results != std::vector<V>{V::I32}) {
            return fail(off, "canonical option `realloc` uses a core function with an incorrect signature");
          }
          o.realloc = true;
          break;
        }
        case CanonOptKind::PostReturn: {
          if (o.post_return) return fail(off, "canonical option `post-return` is specified more than once");
          VTRY(f, core_func_at(opt.index, off));
          o.post_return = true;
          o.post_return_type = f;
          break;
        }
        case CanonOptKind::Async:
          if (o.async) return fail(off, "canonical option `async` is specified more than once");
          o.async = true;
          break;
        case CanonOptKind::Callback: {
          if (o.callback) return fail(off, "canonical option `callback` is specified more than once");
          VTRY(f, core_func_at(opt.index, off));
          (void)f;
          o.callback = true;
          break;
        }
        case CanonOptKind::CoreType:
          if (o.core_type) return fail(off, "canonical option `core type` is specified more than once");
          o.core_type = true;
          break;
        case CanonOptKind::Gc: return fail(off, "canonical option `gc` requires the `cm-gc` feature");
      }
    }
    if (o.callback && !o.async) return fail(off, "cannot specify callback without async");
    if (o.post_return && o.async) return fail(off, "cannot specify post-return function in async");
    if (o.core_type) return fail(off, "cannot specify `core-type` without `gc`");
    return o;
  }

  // Flattening (CanonicalABI.md `flatten_type`); false when it passes `limit` values.
  bool flatten(ValType v, std::vector<stratus::ValType>& out, size_t limit) {
    using V = stratus::ValType;
    auto push = [&](V x) {
      out.push_back(x);
      return out.size() <= limit;
    };
    switch (v.kind) {
      case ValKind::Bool: case ValKind::S8: case ValKind::U8: case ValKind::S16: case ValKind::U16:
      case ValKind::S32: case ValKind::U32: case ValKind::Char: case ValKind::Own: case ValKind::Borrow:
      case ValKind::Enum: case ValKind::Stream: case ValKind::Future: case ValKind::ErrorContext:
        return push(V::I32);
      case ValKind::S64: case ValKind::U64: return push(V::I64);
      case ValKind::F32: return push(V::F32);
      case ValKind::F64: return push(V::F64);
      case ValKind::String: return push(V::I32) && push(V::I32);
      case ValKind::List: {
        const ListType l = t_.lists[v.index];
        if (!l.length) return push(V::I32) && push(V::I32);
        for (uint32_t i = 0; i < *l.length; ++i)
          if (!flatten(l.element, out, limit)) return false;
        return true;
      }
      case ValKind::Flags: {
        const size_t n = t_.flags[v.index].names.size();
        if (n == 0) return true;
        return push(V::I32);
      }
      case ValKind::Record:
        for (const auto& f : t_.records[v.index].fields)
          if (!flatten(f.type, out, limit)) return false;
        return true;
      case ValKind::Tuple:
        for (auto e : t_.tuples[v.index].types)
          if (!flatten(e, out, limit)) return false;
        return true;
      case ValKind::Variant: {
        std::vector<std::optional<ValType>> cases;
        for (const auto& c : t_.variants[v.index].cases) cases.push_back(c.type);
        return flatten_variant(cases, out, limit);
      }
      case ValKind::Option: return flatten_variant({std::nullopt, t_.options[v.index].some}, out, limit);
      case ValKind::Result: return flatten_variant({t_.results[v.index].ok, t_.results[v.index].err}, out, limit);
      default: return push(V::I32);
    }
  }
  bool flatten_variant(const std::vector<std::optional<ValType>>& cases, std::vector<stratus::ValType>& out, size_t limit) {
    using V = stratus::ValType;
    std::vector<V> joined;
    for (const auto& c : cases) {
      if (!c) continue;
      std::vector<V> flat;
      if (!flatten(*c, flat, limit)) return false;
      for (size_t i = 0; i < flat.size(); ++i) {
        if (i < joined.size()) {
          if (joined[i] != flat[i]) {
            const bool both32 = (joined[i] == V::I32 || joined[i] == V::F32) && (flat[i] == V::I32 || flat[i] == V::F32);
            joined[i] = both32 ? V::I32 : V::I64;
          }
        } else {
          joined.push_back(flat[i]);
        }
      }
    }
    out.push_back(V::I32);
    if (out.size() > limit) return false;
    for (auto x : joined) {
      out.push_back(x);
      if (out.size() > limit) return false;
    }
    return true;
  }
  bool contains_ptr(ValType v) {
    switch (v.kind) {
      case ValKind::String: return true;
      case ValKind::List: {
        const ListType l = t_.lists[v.index];
        return !l.length || contains_ptr(l.element);
      }
      case ValKind::Record:
        for (const auto& f : t_.records[v.index].fields)
          if (contains_ptr(f.type)) return true;
        return false;
      case ValKind::Tuple:
        for (auto e : t_.tuples[v.index].types)
          if (contains_ptr(e)) return true;
        return false;
      case ValKind::Variant:
        for (const auto& c : t_.variants[v.index].cases)
          if (c.type && contains_ptr(*c.type)) return true;
        return false;
      case ValKind::Option: return contains_ptr(t_.options[v.index].some);
      case ValKind::Result: {
        auto r = t_.results[v.index];
        return (r.ok && contains_ptr(*r.ok)) || (r.err && contains_ptr(*r.err));
      }
      default: return false;
    }
  }
  // The core signature of lifting (lift = true) or lowering a component function
  // (CanonicalABI.md's flatten_functype). An `async` lower passes at most 4 flat params
  // (MAX_FLAT_ASYNC_PARAMS) and its result always through a pointer, and returns the
  // subtask's status; an `async` lift is checked by its caller.
  Result<stratus::FuncType> lower_sig(const FuncType& f, const Options& o, bool lift, uint32_t off) {
    using V = stratus::ValType;
    auto need_memory = [&]() -> Result<void> {
      if (!o.memory) return fail(off, "canonical option `memory` is required");
      return {};
    };
    auto need_realloc = [&]() -> Result<void> {
      VCHECK(need_memory());
      if (!o.realloc) return fail(off, "canonical option `realloc` is required");
      return {};
    };
    const bool async_lower = !lift && o.async;
    stratus::FuncType sig;
    for (const auto& p : f.params) {
      if (contains_ptr(p.type)) {
        if (lift) VCHECK(need_realloc());
        else VCHECK(need_memory());
      }
      if (!flatten(p.type, sig.params, async_lower ? 4 : 16)) {
        sig.params = {V::I32};
        VCHECK(need_memory());
        if (lift) VCHECK(need_realloc());
        break;
      }
    }
    if (f.result) {
      if (!lift && contains_ptr(*f.result)) VCHECK(need_realloc());
      if (async_lower) {
        VCHECK(need_memory());
        sig.params.push_back(V::I32);
      } else if (!flatten(*f.result, sig.results, 1)) {
        sig.results.clear();
        VCHECK(need_memory());
        if (lift) sig.results = {V::I32};
        else sig.params.push_back(V::I32);
      }
    }
    if (async_lower) sig.results = {V::I32};
    return sig;
  }
  static std::string types_text(const std::vector<stratus::ValType>& v) {
    std::string s = "[";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::string(to_string(v[i]));
    return s + "]";
  }

  Result<void> check_memory32(const std::vector<CanonOpt>& opts, uint32_t off) {
    (void)opts;
    (void)off;
    return {};
  }

  Result<void> canon(const Canon& c) {
    const uint32_t off = c.offset;
    using K = CanonKind;
    using V = stratus::ValType;
    auto push_core_func = [&](std::vector<V> params, std::vector<V> results) {
      cur().core_funcs.push_back(stratus::FuncType{std::move(params), std::move(results)});
    };
    switch (c.kind) {
      case K::Lift: {
        VTRY(ft_id, func_type_at(c.type_index, off));
        VTRY(core, core_func_at(c.func_index, off));
        VTRY(o, options(c.options, off));
        const FuncType ft = t_.funcs[ft_id];
        if (o.async && !ft.async) return fail(off, "the `async` canonical option requires an async function type");
        if (o.post_return && (o.post_return_type.params != core.results || !o.post_return_type.results.empty())) {
          return fail(off, "canonical option `post-return` uses a core function with an incorrect signature");
        }
        if (o.async) {
          cur().funcs.push_back(ft_id);
          return {};
        }
        VTRY(sig, lower_sig(ft, o, true, off));
        if (sig.params != core.params) {
          return fail(off, "lowered parameter types `" + types_text(sig.params) + "` do not match parameter types `" + types_text(core.params) + "` of core function " + std::to_string(c.func_index));
        }
        if (sig.results != core.results) {
          return fail(off, "lowered result types `" + types_text(sig.results) + "` do not match result types `" + types_text(core.results) + "` of core function " + std::to_string(c.func_index));
        }
        cur().funcs.push_back(ft_id);
        return {};
      }
      case K::Lower: {
        VTRY(fid, func_at(c.func_index, off));
        VTRY(o, options(c.options, off));
        if (o.post_return) return fail(off, "canonical option `post-return` cannot be specified for lowerings");
        if (o.callback) return fail(off, "canonical option `callback` cannot be specified for lowerings");
        const FuncType ft = t_.funcs[fid];
        if (o.async && !ft.async) return fail(off, "the `async` canonical option requires an async function type");
        VTRY(sig, lower_sig(ft, o, false, off));
        cur().core_funcs.push_back(sig);
        return {};
      }
      case K::ResourceNew:
      case K::ResourceRep: {
        VTRY(r, resource_at(c.type_index, off));
        if (!cur().local_resources.count(root(r))) return fail(off, "type " + std::to_string(c.type_index) + " is not a local resource");
        if (c.kind == K::ResourceNew) push_core_func({V::I32}, {V::I32});
        else push_core_func({V::I32}, {V::I32});
        return {};
      }
      case K::ResourceDrop: {
        VTRY(r, resource_at(c.type_index, off));
        (void)r;
        push_core_func({V::I32}, {});
        return {};
      }
      case K::StreamNew: case K::StreamRead: case K::StreamWrite: case K::StreamCancelRead: case K::StreamCancelWrite:
      case K::StreamDropReadable: case K::StreamDropWritable: case K::FutureNew: case K::FutureRead: case K::FutureWrite:
      case K::FutureCancelRead: case K::FutureCancelWrite: case K::FutureDropReadable: case K::FutureDropWritable: {
        const bool stream = c.kind <= K::StreamDropWritable;
        VTRY(t, type_at(c.type_index, off));
        if (t.kind != TypeKind::Value || t.value.kind != (stream ? ValKind::Stream : ValKind::Future)) {
          return fail(off, std::string("`") + (stream ? "stream" : "future") + "` builtin requires a " + (stream ? "stream" : "future") + " type");
        }
        t_.canon_value_types[off] = t.value;
        if (!c.options.empty()) VCHECK(options(c.options, off));
        switch (c.kind) {
          case K::StreamNew: case K::FutureNew: push_core_func({}, {V::I64}); break;
          case K::StreamRead: case K::StreamWrite: push_core_func({V::I32, V::I32, V::I32}, {V::I32}); break;
          case K::FutureRead: case K::FutureWrite: push_core_func({V::I32, V::I32}, {V::I32}); break;
          case K::StreamCancelRead: case K::StreamCancelWrite: case K::FutureCancelRead: case K::FutureCancelWrite:
            push_core_func({V::I32}, {V::I32});
            break;
          default: push_core_func({V::I32}, {}); break;
        }
        return {};
      }
      case K::TaskReturn: {
        if (c.result) VCHECK(valtype(*c.result, off));
        VCHECK(options(c.options, off));
        std::vector<V> params;
        t_.canon_value_types[off] = std::nullopt;
        if (c.result) {
          VTRY(v, valtype(*c.result, off));
          t_.canon_value_types[off] = v;
          if (!flatten(v, params, 16)) params = {V::I32};
        }
        push_core_func(std::move(params), {});
        return {};
      }
      case K::ContextGet:
      case K::ContextSet:
        if (c.core_type != V::I32) return fail(off, "`context` builtins only support `i32`");
        if (c.slot > 1) return fail(off, "invalid context slot " + std::to_string(c.slot));
        if (c.kind == K::ContextGet) push_core_func({}, {V::I32});
        else push_core_func({V::I32}, {});
        return {};
      case K::WaitableSetWait:
      case K::WaitableSetPoll:
        if (c.memory >= cur().core_memories.size()) return fail(off, "unknown memory " + std::to_string(c.memory) + ": memory index out of bounds");
        push_core_func({V::I32, V::I32}, {V::I32});
        return {};
      case K::ErrorContextNew:
      case K::ErrorContextDebugMessage: {
        VTRY(o, options(c.options, off));
        if (o.async) return fail(off, "cannot specify `async` on an `error-context` builtin");
        if (!o.memory) return fail(off, "canonical option `memory` is required");
        if (c.kind == K::ErrorContextDebugMessage && !o.realloc)
          return fail(off, "canonical option `realloc` is required");
        push_core_func({V::I32, V::I32}, c.kind == K::ErrorContextNew ? std::vector<V>{V::I32} : std::vector<V>{});
        return {};
      }
      case K::ThreadNewIndirect:
      case K::ThreadSpawnIndirect:
        VCHECK(core_func_type_at(c.type_index, off));
        if (c.table >= cur().core_tables.size()) return fail(off, "unknown table " + std::to_string(c.table) + ": table index out of bounds");
        push_core_func({V::I32, V::I32}, {V::I32});
        return {};
      case K::ThreadSpawnRef:
        VCHECK(core_func_type_at(c.type_index, off));
        push_core_func({V::I32, V::I32}, {V::I32});
        return {};
      case K::BackpressureInc: case K::BackpressureDec: case K::TaskCancel: case K::ThreadResumeLater:
        push_core_func({}, {});
        return {};
      case K::SubtaskDrop: case K::ErrorContextDrop: case K::WaitableSetDrop:
        push_core_func({V::I32}, {});
        return {};
      case K::WaitableJoin:
        push_core_func({V::I32, V::I32}, {});
        return {};
      case K::SubtaskCancel:
        push_core_func({V::I32}, {V::I32});
        return {};
      default:
        push_core_func({}, {V::I32});
        return {};
    }
  }

  // ---- start ----
  Result<void> start(const Start& s) {
    if (cur().has_start) return fail(s.offset, "component cannot have more than one start function");
    cur().has_start = true;
    VTRY(fid, func_at(s.func, s.offset));
    const FuncType ft = t_.funcs[fid];
    if (ft.params.size() != s.args.size()) {
      return fail(s.offset, "component start function requires " + std::to_string(ft.params.size()) + " arguments but was given " + std::to_string(s.args.size()));
    }
    const uint32_t results = ft.result ? 1 : 0;
    if (results != s.results) {
      return fail(s.offset, "component start function has a result count of " + std::to_string(s.results) + " but the function type has a result count of " + std::to_string(results));
    }
    for (size_t i = 0; i < s.args.size(); ++i) {
      VTRY(v, use_value(s.args[i], s.offset));
      auto r = val_sub(v, ft.params[i].type, s.offset);
      if (!r) return context(r.error(), "value type mismatch for component start function argument " + std::to_string(i));
    }
    if (ft.result) cur().values.push_back({*ft.result, false});
    return {};
  }

  // ---- components ----
  Result<uint32_t> component(const Component& c) {
    stack_.push_back(State{});
    auto r = component_body(c);
    if (!r) {
      stack_.pop_back();
      return r.error();
    }
    State done = std::move(stack_.back());
    stack_.pop_back();
    ComponentType ct;
    ct.imports = std::move(done.imports);
    ct.exports = std::move(done.exports);
    ct.imported_resources = std::move(done.imported_resources);
    // Resources of this component that its exports mention become abstract for users of
    // the component's type: each instantiation makes its own.
    std::set<uint32_t> free;
    for (const auto& e : ct.exports) {
      auto f = free_of(e.type);
      free.insert(f.begin(), f.end());
    }
    for (auto res : done.local_resources) {
      if (free.count(res)) ct.defined_resources.push_back(res);
    }
    for (auto res : done.defined_resources) {
      if (free.count(res)) ct.defined_resources.push_back(res);
    }
    const uint32_t id = t_.add(std::move(ct)).index;
    VCHECK(record_size(ExternKind::Component, id, c.offset));
    return id;
  }
  Result<void> component_body(const Component& c) {
    for (const auto& d : c.definitions) {
      switch (d.kind) {
        case DefKind::CoreModule: VCHECK(core_module(c.core_modules[d.index], d.index)); break;
        case DefKind::CoreInstance: VCHECK(core_instance(c.core_instances[d.index])); break;
        case DefKind::CoreType: VCHECK(core_type_def(c.core_types[d.index])); break;
        case DefKind::Component: {
          VTRY(id, component(c.components[d.index]));
          cur().components.push_back(id);
          break;
        }
        case DefKind::Instance: VCHECK(instance(c.instances[d.index])); break;
        case DefKind::Alias: VCHECK(alias(c.aliases[d.index], false)); break;
        case DefKind::Type: VCHECK(type_def(c.types[d.index])); break;
        case DefKind::Canon: VCHECK(canon(c.canons[d.index])); break;
        case DefKind::Start: VCHECK(start(c.starts[d.index])); break;
        case DefKind::Import: {
          const auto& i = c.imports[d.index];
          VCHECK(add_import(i.name, i.desc, i.offset));
          break;
        }
        case DefKind::Export: {
          const auto& e = c.exports[d.index];
          VTRY(actual, item(e.item, e.offset, true));
          ExternType exported = actual;
          if (e.ascribed) {
            VTRY(want, extern_desc(*e.ascribed, e.offset));
            // `(sub resource)` ascribes any resource: the export is the item's own.
            const bool any_resource = e.ascribed->kind == DescKind::Type && e.ascribed->bound.sub_resource &&
                                      actual.kind == ExternKind::Type && actual.type.kind == TypeKind::Resource;
            if (!any_resource) {
              auto r = extern_sub(actual, want, e.offset);
              if (!r) return context(r.error(), "ascribed type of export is not compatible with item's type");
              exported = want;
            }
            if (want.kind == ExternKind::Type && want.type.kind == TypeKind::Resource) exported = actual;
          }
          VCHECK(add_export(e.name, exported, e.offset));
          break;
        }
        case DefKind::Value: {
          const auto& v = c.values[d.index];
          VTRY(t, valtype(v.type, v.offset));
          cur().values.push_back({t, false});
          break;
        }
      }
    }
    for (size_t i = 0; i < cur().values.size(); ++i) {
      if (!cur().values[i].second) return fail(c.offset, "value index " + std::to_string(i) + " was not used as part of an instantiation, start function, or export");
    }
    return {};
  }
};

}  // namespace

Result<ValidatedComponent> validate_component(const ast::Component& component, CoreBodies core_bodies) {
  Validator v(core_bodies);
  return v.run(component);
}

}  // namespace stratus::component
