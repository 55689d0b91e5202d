#include "component/instantiate/bind_types.hpp"

#include <string>

namespace stratus::component::detail {

namespace {

void note_resource(ComponentInstanceState& state, const ExternType& want, const Item& item) {
  if (want.kind != ExternKind::Type || want.type.kind != TypeKind::Resource || !item.resource) return;
  if (want.type.index < state.resource_types.size()) state.resource_types[want.type.index] = item.resource;
}

Item bind_import(StoreRecords& records, const LevelTypes& level, const ImportView& view, const Item& item,
                 ComponentInstanceState& state) {
  const ExternType& want = *view.type;
  note_resource(state, want, item);
  if (want.kind == ExternKind::Func && item.func) {
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
    InstanceRecord& copy = records.instances.emplace_back(&records.arena);
    copy.exports.assign(item.instance->exports.begin(), item.instance->exports.end());
    // An instance's export names are unique, and the host's instances list them in the
    // type's order: each search starts where the last one ended.
    size_t next = 0;
    const size_t n = copy.exports.size();
    for (const ImportView& inner : view.exports)
      for (size_t k = 0; k < n; ++k) {
        auto& [name, x] = copy.exports[(next + k) % n];
        if (name != inner.export_name) continue;
        x = bind_import(records, level, inner, x, state);
        next = (next + k + 1) % n;
        break;
      }
    Item out = item;
    out.instance = &copy;
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
