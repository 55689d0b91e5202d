#include "component/instantiate/bind_types.hpp"

#include <string>

namespace stratus::component::detail {

namespace {

void note_resource(ComponentInstanceState& state, const ExternType& want, const Item& item) {
  if (want.kind != ExternKind::Type || want.type.kind != TypeKind::Resource || !item.resource) return;
  if (want.type.index < state.resource_types.size()) state.resource_types[want.type.index] = item.resource;
}

bool same_item(const Item& a, const Item& b) {
  return a.sort == b.sort && a.func == b.func && a.instance == b.instance && a.component == b.component &&
         a.core_module == b.core_module && a.resource == b.resource;
}

Item bind_import(StoreRecords& records, const LevelTypes& level, const ImportView& view, const Item& item,
                 ComponentInstanceState& state) {
  const ExternType& want = *view.type;
  note_resource(state, want, item);
  if (want.kind == ExternKind::Func && item.func) {
    // A host function the top-level component imports was resolved against the very tables
    // it would be viewed through, under the same name: it already is the view.
    const FuncRecord& f = *item.func;
    if (!f.target && f.types == level.types && f.layouts == level.layouts.get() && f.type &&
        f.type->index == want.index)
      return item;
    FuncRecord& view_record = records.funcs.emplace_back();
    view_record.types = level.types;
    view_record.layouts = level.layouts.get();
    view_record.type = FuncTypeId{want.index};
    view_record.name = view.name;
    view_record.target = item.func->target ? item.func->target : item.func;
    Item out = item;
    out.func = &view_record;
    return out;
  }
  if (want.kind == ExternKind::Instance && item.instance) {
    // Copied only once an export's binding differs from it (a function that needs a view).
    const auto& source = item.instance->exports;
    InstanceRecord* copy = nullptr;
    // An instance's export names are unique, and the host's instances list them in the
    // type's order: each search starts where the last one ended.
    size_t next = 0;
    const size_t n = source.size();
    for (const ImportView& inner : view.exports)
      for (size_t k = 0; k < n; ++k) {
        const size_t at = (next + k) % n;
        if (source[at].first != inner.export_name) continue;
        const Item bound = bind_import(records, level, inner, source[at].second, state);
        if (!copy && !same_item(bound, source[at].second)) {
          copy = &records.instances.emplace_back(&records.arena);
          copy->exports.assign(source.begin(), source.end());
        }
        if (copy) copy->exports[at].second = bound;
        next = (at + 1) % n;
        break;
      }
    if (!copy) return item;
    Item out = item;
    out.instance = copy;
    return out;
  }
  return item;
}

void bind_export(const LevelTypes& level, const ExternType& want, const Item& item, ComponentInstanceState& state) {
  note_resource(state, want, item);
  if (want.kind == ExternKind::Func && item.func) {
    // A function the top level lifted and exports through a nested component (jco's
    // adapter re-exports `wasi:cli/run` from a shim) is typed by this export too.
    FuncRecord* lifted = item.func->target ? item.func->target : item.func;
    if (!lifted->type && lifted->types == level.types) lifted->type = FuncTypeId{want.index};
  } else if (want.kind == ExternKind::Instance && item.instance) {
    for (const NamedExtern& e : level.types->instances[want.index].exports)
      if (const Item* inner = item.instance->find(e.name)) bind_export(level, e.type, *inner, state);
  }
}

}  // namespace

Result<void> bind_imports(StoreRecords& records, const LevelTypes& level, std::span<const ImportView> views,
                          std::span<Item> imports, ComponentInstanceState& state) {
  state.resource_types.assign(level.types->resources.size(), nullptr);
  for (size_t i = 0; i < views.size() && i < imports.size(); ++i)
    if (views[i].type) imports[i] = bind_import(records, level, views[i], imports[i], state);
  return {};
}

Result<void> bind_exports(const LevelTypes& level, InstanceRecord& exports, ComponentInstanceState& state) {
  if (state.resource_types.size() < level.types->resources.size())
    state.resource_types.resize(level.types->resources.size(), nullptr);
  for (const NamedExtern& e : level.types->component(level.type).exports)
    if (const Item* item = exports.find(e.name)) bind_export(level, e.type, *item, state);
  return {};
}

}  // namespace stratus::component::detail
