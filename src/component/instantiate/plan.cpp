// The definitions of each component walked once, as the instantiation will walk them, keeping
// only what is the same for every instance: which module each core module index is, and what
// each core instance index is (an instance of which module, or which inline exports).
#include "component/instantiate/plan.hpp"

#include "embed/api_access.hpp"
#include "embed/compiled_module.hpp"
#include "embed/raw_host_func.hpp"

namespace stratus::component::detail {

namespace {

// What a core instance index stands for, as far as it is known before run time.
struct CoreSlot {
  bool known = false;
  const Module* module = nullptr;               // an instance of this module
  const ast::CoreInstance* inline_def = nullptr;  // or these inline exports
};

struct Scope {
  const Scope* outer = nullptr;
  std::vector<const Module*> modules;  // by core module index; null: known only at run time
  std::vector<CoreSlot> core_instances;
};

uint32_t module_export(const Module& module, std::string_view name) {
  const binary::Module& m = stratus::detail::impl(module).module;
  for (size_t i = 0; i < m.exports.size(); ++i)
    if (m.name_at(m.exports[i].name_offset) == name) return static_cast<uint32_t>(i);
  return kNotFound;
}

uint32_t slot_export(const CoreSlot& slot, std::string_view name) {
  if (slot.module) return module_export(*slot.module, name);
  if (slot.inline_def)
    for (size_t i = 0; i < slot.inline_def->exports.size(); ++i)
      if (slot.inline_def->exports[i].name == name) return static_cast<uint32_t>(i);
  return kNotFound;
}

const Module* module_at(const std::vector<const Module*>& modules, uint32_t index) {
  return index < modules.size() ? modules[index] : nullptr;
}

void count(FrameSizes& s, ast::Sort sort) {
  switch (sort) {
    case ast::Sort::CoreFunc: ++s.core_funcs; break;
    case ast::Sort::CoreTable: ++s.core_tables; break;
    case ast::Sort::CoreMemory: ++s.core_memories; break;
    case ast::Sort::CoreGlobal: ++s.core_globals; break;
    case ast::Sort::CoreModule: ++s.core_modules; break;
    case ast::Sort::Func: ++s.funcs; break;
    case ast::Sort::Type: ++s.types; break;
    case ast::Sort::Component: ++s.components; break;
    case ast::Sort::Instance: ++s.instances; break;
    default: break;
  }
}

// Leaves the plan without a module (every import then found by name) when any part of it
// is not known before run time.
CoreInstancePlan plan_core_instance(const Scope& scope, const ast::CoreInstance& ci) {
  CoreInstancePlan plan;
  const Module* module = module_at(scope.modules, ci.module);
  if (!module) return plan;
  std::vector<const CoreSlot*> args;
  for (const auto& arg : ci.args) {
    if (arg.instance >= scope.core_instances.size() || !scope.core_instances[arg.instance].known) return plan;
    args.push_back(&scope.core_instances[arg.instance]);
    plan.arg_modules.push_back(args.back()->module);
  }
  const binary::Module& m = stratus::detail::impl(*module).module;
  plan.imports.reserve(m.imports.size());
  for (size_t i = 0; i < m.imports.size(); ++i) {
    const binary::ImportNames imp = m.import_names(i);
    CoreImportSource source;
    for (size_t a = 0; a < ci.args.size(); ++a)
      if (ci.args[a].name == imp.module) source.arg = static_cast<uint32_t>(a);
    if (source.arg != kNotFound) source.item = slot_export(*args[source.arg], imp.name);
    plan.imports.push_back(source);
  }
  plan.module = module;
  return plan;
}

ImportView import_view(const LevelTypes& level, std::string name, const ExternType& want) {
  ImportView view;
  view.type = &want;
  if (want.kind == ExternKind::Instance && want.index < level.types->instances.size())
    for (const NamedExtern& e : level.types->instances[want.index].exports) {
      view.exports.push_back(import_view(level, name + "#" + e.name, e.type));
      view.exports.back().export_name = e.name;
    }
  view.name = std::move(name);
  return view;
}

LevelPlan plan_level(const ast::Component& c, const CompiledLevel& compiled, const Scope* outer) {
  LevelPlan plan;
  Scope scope;
  scope.outer = outer;
  plan.core_instances.resize(c.core_instances.size());
  plan.core_aliases.assign(c.aliases.size(), kNotFound);
  FrameSizes& sizes = plan.sizes;
  for (const ast::Definition& d : c.definitions) {
    switch (d.kind) {
      case ast::DefKind::CoreModule:
        scope.modules.push_back(d.index < compiled.core_modules.size() ? &compiled.core_modules[d.index] : nullptr);
        ++sizes.core_modules;
        break;
      case ast::DefKind::CoreInstance: {
        if (d.index >= c.core_instances.size()) break;
        const ast::CoreInstance& ci = c.core_instances[d.index];
        CoreSlot slot;
        if (ci.inline_exports) {
          slot.known = true;
          slot.inline_def = &ci;
        } else {
          plan.core_instances[d.index] = plan_core_instance(scope, ci);
          slot.module = plan.core_instances[d.index].module;
          slot.known = slot.module != nullptr;
        }
        scope.core_instances.push_back(slot);
        ++sizes.core_instances;
        break;
      }
      case ast::DefKind::Component: ++sizes.components; break;
      case ast::DefKind::Instance: ++sizes.instances; break;
      case ast::DefKind::Type: ++sizes.types; break;
      case ast::DefKind::Canon:
        if (d.index < c.canons.size()) count(sizes, c.canons[d.index].kind == ast::CanonKind::Lift ? ast::Sort::Func : ast::Sort::CoreFunc);
        break;
      case ast::DefKind::Alias: {
        if (d.index >= c.aliases.size()) break;
        const ast::Alias& a = c.aliases[d.index];
        if (a.kind == ast::Alias::Kind::CoreInstanceExport) {
          if (a.instance < scope.core_instances.size() && scope.core_instances[a.instance].known)
            plan.core_aliases[d.index] = slot_export(scope.core_instances[a.instance], a.name);
        } else if (a.sort == ast::Sort::CoreModule) {
          const Scope* target = &scope;
          for (uint32_t i = 0; target && a.kind == ast::Alias::Kind::Outer && i < a.outer_count; ++i) target = target->outer;
          scope.modules.push_back(a.kind == ast::Alias::Kind::Outer && target ? module_at(target->modules, a.outer_index) : nullptr);
        }
        if (a.sort != ast::Sort::CoreType) count(sizes, a.sort);
        break;
      }
      case ast::DefKind::Import: {
        if (d.index >= c.imports.size()) break;
        switch (c.imports[d.index].desc.kind) {
          case ast::DescKind::Func: ++sizes.funcs; break;
          case ast::DescKind::Instance: ++sizes.instances; break;
          case ast::DescKind::Type: ++sizes.types; break;
          case ast::DescKind::Component: ++sizes.components; break;
          case ast::DescKind::CoreModule: scope.modules.push_back(nullptr); ++sizes.core_modules; break;
          case ast::DescKind::Value: break;
        }
        break;
      }
      case ast::DefKind::Export: {
        if (d.index >= c.exports.size()) break;
        const ast::SortIdx item = c.exports[d.index].item;
        if (item.sort == ast::Sort::CoreModule) scope.modules.push_back(module_at(scope.modules, item.index));
        count(sizes, item.sort);
        break;
      }
      case ast::DefKind::CoreType:
      case ast::DefKind::Start:
      case ast::DefKind::Value: break;
    }
  }
  if (const auto& own = compiled.own_types) {
    const ComponentType& type = own->types->component(own->type);
    plan.imports.resize(c.imports.size());
    for (size_t i = 0; i < c.imports.size(); ++i) {
      const std::string& name = c.imports[i].name.name;
      for (const NamedExtern& e : type.imports)
        if (e.name == name) {
          plan.imports[i] = import_view(*own, name, e.type);
          break;
        }
    }
  }
  plan.components.reserve(c.components.size());
  for (size_t i = 0; i < c.components.size(); ++i) {
    static const CompiledLevel kNone;
    plan.components.push_back(
        plan_level(c.components[i], i < compiled.components.size() ? compiled.components[i] : kNone, &scope));
  }
  return plan;
}

}  // namespace

LevelPlan plan_component(const CompiledComponent& component) {
  return plan_level(component.ast, component.compiled, nullptr);
}

namespace {

void add_signatures(std::vector<LoweredSignatures>& out, const Engine& engine, const TypeTables* types,
                    const abi::Layouts* layouts) {
  if (!types || !layouts) return;
  for (const LoweredSignatures& s : out)
    if (s.layouts == layouts) return;
  LoweredSignatures& s = out.emplace_back();
  s.layouts = layouts;
  s.types = types;
  s.by_func.reserve(types->funcs.size());
  for (uint32_t i = 0; i < types->funcs.size(); ++i)
    s.by_func.push_back(stratus::detail::intern_func_type(
        engine, layouts->func(FuncTypeId{i}).core_type(abi::FlattenFor::Lower)));
}

void add_level_signatures(std::vector<LoweredSignatures>& out, const Engine& engine, const CompiledLevel& level) {
  if (level.own_types) add_signatures(out, engine, level.own_types->types.get(), level.own_types->layouts.get());
  for (const CompiledLevel& nested : level.components) add_level_signatures(out, engine, nested);
}

}  // namespace

std::vector<LoweredSignatures> lowered_signatures(const CompiledComponent& component) {
  std::vector<LoweredSignatures> out;
  add_signatures(out, component.engine, component.types.get(), component.layouts.get());
  add_level_signatures(out, component.engine, component.compiled);
  return out;
}

const stratus::FuncType* find_lowered(std::span<const LoweredSignatures> signatures, const abi::Layouts* layouts,
                                      FuncTypeId func) {
  for (const LoweredSignatures& s : signatures)
    if (s.layouts == layouts) return func.index < s.by_func.size() ? s.by_func[func.index] : nullptr;
  return nullptr;
}

}  // namespace stratus::component::detail
