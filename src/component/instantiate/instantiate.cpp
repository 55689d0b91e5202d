// The evaluation of a component's definitions, in binary order, against its Frame.
#include "component/instantiate/instantiate.hpp"

#include <algorithm>
#include <span>
#include <string>

#include "component/api/compiled_component.hpp"
#include "component/instantiate/bind_types.hpp"
#include "component/instantiate/canon.hpp"
#include "component/instantiate/core_instances.hpp"
#include "component/instantiate/host_resources.hpp"
#include "component/instantiate/store_records.hpp"

namespace stratus::component::detail {

namespace {

Error unsupported(const std::string& what, uint32_t offset) {
  return Error(ErrorKind::Link, "cannot instantiate: " + what + " (at offset " + std::to_string(offset) + ") is not supported yet");
}

Error bad_index(const char* space, uint32_t index) {
  // Validation rules these out; kept so a validator gap cannot become a host crash.
  return Error(ErrorKind::Invalid, std::string("instantiation: ") + space + " index " + std::to_string(index) + " out of range");
}

template <class Space>
Result<typename Space::value_type> at(const Space& space, uint32_t index, const char* name) {
  if (index >= space.size()) return bad_index(name, index);
  return space[index];
}

void reserve(Frame& f, const FrameSizes& s) {
  f.core_modules.reserve(s.core_modules);
  f.core_instances.reserve(s.core_instances);
  f.core_funcs.reserve(s.core_funcs);
  f.core_tables.reserve(s.core_tables);
  f.core_memories.reserve(s.core_memories);
  f.core_globals.reserve(s.core_globals);
  f.funcs.reserve(s.funcs);
  f.types.reserve(s.types);
  f.components.reserve(s.components);
  f.instances.reserve(s.instances);
}

class Evaluator {
 public:
  Evaluator(Store& store, StoreRecords& records, InstantiationBudget& budget)
      : store_(store), records_(records), budget_(budget) {}

  // Runs `closure`'s definitions with `imports` bound to its imports (by ast index).
  Result<InstanceRecord*> run(const ComponentClosure& closure, std::vector<Item> imports,
                              ComponentInstanceState* parent);

 private:
  Result<void> definition(Frame& f, const ast::Definition& d, std::span<const Item> imports);
  Result<void> alias(Frame& f, const ast::Alias& a, uint32_t planned_export);
  Result<void> core_instance(Frame& f, const ast::CoreInstance& ci, const CoreInstancePlan& plan);
  Result<void> instance(Frame& f, const ast::Instance& inst);
  Result<void> export_item(Frame& f, const ast::Export& e);
  Result<Item> item_of(const Frame& f, ast::SortIdx idx) const;
  Result<void> push_item(Frame& f, ast::Sort sort, Item item);
  Result<void> push_core(Frame& f, ast::Sort sort, Extern e);
  Result<Extern> core_item_of(const Frame& f, ast::SortIdx idx) const;

  Store& store_;
  StoreRecords& records_;
  InstantiationBudget& budget_;
};

Result<InstanceRecord*> Evaluator::run(const ComponentClosure& closure, std::vector<Item> imports,
                                       ComponentInstanceState* parent) {
  Frame& f = records_.frames.emplace_back(&records_.arena);
  f.closure = closure;
  reserve(f, closure.plan->sizes);
  StoreResources& resources = store_resources(store_);
  f.state = &records_.states.emplace_back(parent, &resources.host_handles, &records_.arena);
  resources.guest_tables.push_back(&f.state->handles);
  f.exports = &records_.instances.emplace_back(&records_.arena);
  const auto& own = closure.compiled->own_types;
  if (own)
    if (auto ok = bind_imports(records_, *own, closure.plan->imports, imports, *f.state); !ok) return ok.error();
  for (const ast::Definition& d : closure.ast->definitions)
    if (auto ok = definition(f, d, imports); !ok) return ok.error();
  if (own)
    if (auto ok = bind_exports(*own, *f.exports, *f.state); !ok) return ok.error();
  return f.exports;
}

Result<void> Evaluator::definition(Frame& f, const ast::Definition& d, std::span<const Item> imports) {
  const ast::Component& c = *f.closure.ast;
  switch (d.kind) {
    case ast::DefKind::CoreModule:
      if (d.index >= f.closure.compiled->core_modules.size()) return bad_index("core module", d.index);
      f.core_modules.push_back(&f.closure.compiled->core_modules[d.index]);
      return {};
    case ast::DefKind::CoreInstance:
      return core_instance(f, c.core_instances[d.index], f.closure.plan->core_instances[d.index]);
    case ast::DefKind::CoreType: return {};
    case ast::DefKind::Component: {
      ComponentClosure& nested = records_.closures.emplace_back();
      nested.ast = &c.components[d.index];
      nested.compiled = &f.closure.compiled->components[d.index];
      nested.plan = &f.closure.plan->components[d.index];
      nested.outer = &f;
      Item item;
      item.sort = ast::Sort::Component;
      item.component = &nested;
      f.components.push_back(item);
      return {};
    }
    case ast::DefKind::Instance: return instance(f, c.instances[d.index]);
    case ast::DefKind::Alias: return alias(f, c.aliases[d.index], f.closure.plan->core_aliases[d.index]);
    case ast::DefKind::Type: {
      Item item = type_item();
      const ast::TypeDef& def = c.types[d.index];
      if (def.kind == ast::TypeDef::Kind::Resource) {
        auto rt = make_resource_type(store_, records_, f, def);
        if (!rt) return rt.error();
        item.resource = *rt;
      }
      f.types.push_back(item);
      return {};
    }
    case ast::DefKind::Canon: {
      const ast::Canon& canon = c.canons[d.index];
      auto made = make_canon(store_, records_, f, canon);
      if (!made) return made.error();
      if (made->func) return push_item(f, ast::Sort::Func, *made->func);
      if (made->core_func) return push_core(f, ast::Sort::CoreFunc, *made->core_func);
      return {};
    }
    case ast::DefKind::Start: return unsupported("a component start function", c.starts[d.index].offset);
    case ast::DefKind::Import: {
      const ast::Import& imp = c.imports[d.index];
      if (d.index >= imports.size()) return bad_index("import", d.index);
      const Item& item = imports[d.index];
      switch (imp.desc.kind) {
        case ast::DescKind::Func: return push_item(f, ast::Sort::Func, item);
        case ast::DescKind::Instance: return push_item(f, ast::Sort::Instance, item);
        case ast::DescKind::Type: return push_item(f, ast::Sort::Type, item);
        case ast::DescKind::Component: return push_item(f, ast::Sort::Component, item);
        case ast::DescKind::CoreModule: return push_item(f, ast::Sort::CoreModule, item);
        case ast::DescKind::Value: return unsupported("a value import", imp.offset);
      }
      return {};
    }
    case ast::DefKind::Export: return export_item(f, c.exports[d.index]);
    case ast::DefKind::Value: return unsupported("a value definition", c.values[d.index].offset);
  }
  return {};
}

Result<Item> Evaluator::item_of(const Frame& f, ast::SortIdx idx) const {
  switch (idx.sort) {
    case ast::Sort::Func: return at(f.funcs, idx.index, "function");
    case ast::Sort::Instance: return at(f.instances, idx.index, "instance");
    case ast::Sort::Component: return at(f.components, idx.index, "component");
    case ast::Sort::Type: return at(f.types, idx.index, "type");
    case ast::Sort::CoreModule: {
      if (idx.index >= f.core_modules.size()) return bad_index("core module", idx.index);
      Item item;
      item.sort = ast::Sort::CoreModule;
      item.core_module = f.core_modules[idx.index];
      return item;
    }
    default: return Error(ErrorKind::Link, "cannot instantiate: a value or core item passed where a component item is expected");
  }
}

Result<void> Evaluator::push_item(Frame& f, ast::Sort sort, Item item) {
  switch (sort) {
    case ast::Sort::Func: f.funcs.push_back(item); return {};
    case ast::Sort::Instance: f.instances.push_back(item); return {};
    case ast::Sort::Component: f.components.push_back(item); return {};
    case ast::Sort::Type: f.types.push_back(item); return {};
    case ast::Sort::CoreModule:
      if (!item.core_module) return Error(ErrorKind::Link, "cannot instantiate: a core module import is not supported yet");
      f.core_modules.push_back(item.core_module);
      return {};
    default: return Error(ErrorKind::Link, "cannot instantiate: values are not supported yet");
  }
}

Result<Extern> Evaluator::core_item_of(const Frame& f, ast::SortIdx idx) const {
  switch (idx.sort) {
    case ast::Sort::CoreFunc: return at(f.core_funcs, idx.index, "core function");
    case ast::Sort::CoreTable: return at(f.core_tables, idx.index, "core table");
    case ast::Sort::CoreMemory: return at(f.core_memories, idx.index, "core memory");
    case ast::Sort::CoreGlobal: return at(f.core_globals, idx.index, "core global");
    default: return Error(ErrorKind::Link, "cannot instantiate: core tags are not supported");
  }
}

Result<void> Evaluator::push_core(Frame& f, ast::Sort sort, Extern e) {
  switch (sort) {
    case ast::Sort::CoreFunc: f.core_funcs.push_back(std::move(e)); return {};
    case ast::Sort::CoreTable: f.core_tables.push_back(std::move(e)); return {};
    case ast::Sort::CoreMemory: f.core_memories.push_back(std::move(e)); return {};
    case ast::Sort::CoreGlobal: f.core_globals.push_back(std::move(e)); return {};
    default: return Error(ErrorKind::Link, "cannot instantiate: core tags are not supported");
  }
}

Result<void> Evaluator::alias(Frame& f, const ast::Alias& a, uint32_t planned_export) {
  switch (a.kind) {
    case ast::Alias::Kind::CoreInstanceExport: {
      if (a.instance >= f.core_instances.size()) return bad_index("core instance", a.instance);
      const CoreInstanceItem& from = *f.core_instances[a.instance];
      auto e = planned_export != kNotFound ? from.at(planned_export) : from.find(a.name);
      if (!e) return Error(ErrorKind::Link, "core instance " + std::to_string(a.instance) + " has no export \"" + a.name + "\"");
      return push_core(f, a.sort, std::move(*e));
    }
    case ast::Alias::Kind::InstanceExport: {
      auto inst = at(f.instances, a.instance, "instance");
      if (!inst) return inst.error();
      if (!inst->instance) return Error(ErrorKind::Link, "instance " + std::to_string(a.instance) + " is not an instance");
      const Item* e = inst->instance->find(a.name);
      if (!e) {
        // A type export of a host instance has no run-time item: validation gave it its type.
        if (a.sort == ast::Sort::Type) return push_item(f, a.sort, type_item());
        return Error(ErrorKind::Link, "instance " + std::to_string(a.instance) + " has no export \"" + a.name + "\"");
      }
      return push_item(f, a.sort, *e);
    }
    case ast::Alias::Kind::Outer: {
      const Frame* target = &f;
      for (uint32_t i = 0; i < a.outer_count; ++i) {
        target = target->closure.outer;
        if (!target) return bad_index("outer component", a.outer_count);
      }
      if (a.sort == ast::Sort::CoreType) return {};
      auto item = item_of(*target, ast::SortIdx{a.sort, a.outer_index});
      if (!item) return item.error();
      return push_item(f, a.sort, *item);
    }
  }
  return {};
}

// The plan holds when this frame's module and argument instances are the ones it was made for.
bool plan_holds(const Frame& f, const ast::CoreInstance& ci, const CoreInstancePlan& plan) {
  if (!plan.module || f.core_modules[ci.module] != plan.module || plan.arg_modules.size() != ci.args.size()) return false;
  for (size_t a = 0; a < ci.args.size(); ++a)
    if (f.core_instances[ci.args[a].instance]->module != plan.arg_modules[a]) return false;
  return true;
}

Result<void> Evaluator::core_instance(Frame& f, const ast::CoreInstance& ci, const CoreInstancePlan& plan) {
  CoreInstanceItem& made = records_.core_instances.emplace_back(&records_.arena);
  if (ci.inline_exports) {
    made.exports.reserve(ci.exports.size());
    for (const auto& e : ci.exports) {
      auto item = core_item_of(f, e.item);
      if (!item) return item.error();
      made.exports.emplace_back(e.name, std::move(*item));
    }
  } else {
    if (ci.module >= f.core_modules.size()) return bad_index("core module", ci.module);
    // At most a handful of arguments: on the stack.
    constexpr size_t kInlineArgs = 16;
    const CoreInstanceItem* arg_items[kInlineArgs];
    std::vector<const CoreInstanceItem*> more_args;
    std::span<const CoreInstanceItem*> args(arg_items, std::min(ci.args.size(), kInlineArgs));
    if (ci.args.size() > kInlineArgs) {
      more_args.resize(ci.args.size());
      args = more_args;
    }
    for (size_t a = 0; a < ci.args.size(); ++a) {
      if (ci.args[a].instance >= f.core_instances.size()) return bad_index("core instance", ci.args[a].instance);
      args[a] = f.core_instances[ci.args[a].instance];
    }
    const Module& module = *f.core_modules[ci.module];
    auto by_name = [&] {
      std::vector<CoreArg> named;
      named.reserve(ci.args.size());
      for (size_t a = 0; a < ci.args.size(); ++a) named.push_back(CoreArg{ci.args[a].name, args[a]});
      return instantiate_core(store_, module, named, budget_);
    };
    auto inst = plan_holds(f, ci, plan) ? instantiate_core(store_, module, plan, args, budget_) : by_name();
    if (!inst) return inst.error();
    made.instance = *inst;
    made.module = &module;
  }
  f.core_instances.push_back(&made);
  return {};
}

Result<void> Evaluator::instance(Frame& f, const ast::Instance& inst) {
  Item item;
  item.sort = ast::Sort::Instance;
  if (inst.inline_exports) {
    InstanceRecord& rec = records_.instances.emplace_back(&records_.arena);
    rec.exports.reserve(inst.exports.size());
    for (const auto& e : inst.exports) {
      auto x = item_of(f, e.item);
      if (!x) return x.error();
      rec.exports.emplace_back(e.name.name, *x);
    }
    item.instance = &rec;
  } else {
    auto comp = at(f.components, inst.component, "component");
    if (!comp) return comp.error();
    if (!comp->component) return Error(ErrorKind::Link, "cannot instantiate: an imported component is not supported yet");
    const ComponentClosure& closure = *comp->component;
    // The nested component's imports, by name, from the arguments.
    std::vector<Item> args;
    args.reserve(closure.ast->imports.size());
    for (const ast::Import& imp : closure.ast->imports) {
      const ast::Instance::Arg* found = nullptr;
      for (const auto& a : inst.args)
        if (a.name == imp.name.name) found = &a;
      if (!found) {
        if (imp.desc.kind == ast::DescKind::Type) {
          args.push_back(type_item());
          continue;
        }
        return Error(ErrorKind::Link, "instantiation of a nested component is missing its argument \"" + imp.name.name + "\"");
      }
      auto x = item_of(f, found->item);
      if (!x) return x.error();
      args.push_back(*x);
    }
    auto rec = run(closure, std::move(args), f.state);
    if (!rec) return rec.error();
    item.instance = *rec;
  }
  f.instances.push_back(item);
  return {};
}

Result<void> Evaluator::export_item(Frame& f, const ast::Export& e) {
  auto item = item_of(f, e.item);
  if (!item) return item.error();
  if (item->func && item->func->name.empty()) item->func->name = e.name.name;
  f.exports->exports.emplace_back(e.name.name, *item);
  return push_item(f, e.item.sort, *item);
}

}  // namespace

Result<InstanceRecord*> instantiate(Store& store, const std::shared_ptr<const ComponentPreImpl>& pre) {
  auto records = std::make_shared<StoreRecords>();
  records->component = pre->component;
  records->pre = pre;
  keep_in_store(store, records);
  const CompiledComponent& c = *pre->component;

  std::vector<Item> imports;
  imports.reserve(pre->imports.size());
  for (const ResolvedItem& r : pre->imports) imports.push_back(materialize(store, *records, c, r));

  InstantiationBudget budget(store.engine().limits());
  ComponentClosure& top = records->closures.emplace_back();
  top.ast = &c.ast;
  top.compiled = &c.compiled;
  top.plan = &pre->plan;
  Evaluator eval(store, *records, budget);
  return eval.run(top, std::move(imports), nullptr);
}

}  // namespace stratus::component::detail
