#include "component/instantiate/store_records.hpp"

#include "component/api/compiled_component.hpp"
#include "embed/store_keep_alive.hpp"

namespace stratus::component::detail {

namespace {

Result<void> assign(const TypeTables& types, const std::string& path, const ExternType& want, const Item& item) {
  if (want.kind == ExternKind::Func) {
    if (!item.func) return Error(ErrorKind::Invalid, "export \"" + path + "\" is not a function");
    if (!item.func->type) item.func->type = FuncTypeId{want.index};
    return {};
  }
  if (want.kind == ExternKind::Instance && item.instance) {
    for (const NamedExtern& e : types.instances[want.index].exports) {
      const Item* inner = item.instance->find(e.name);
      if (!inner) continue;  // a type export has no run-time item
      if (auto ok = assign(types, path + "#" + e.name, e.type, *inner); !ok) return ok;
    }
  }
  return {};
}

}  // namespace

void keep_in_store(Store& store, std::shared_ptr<StoreRecords> records) {
  stratus::detail::keep_alive(store, std::move(records));
}

Item materialize(StoreRecords& records, const CompiledComponent& component, const ResolvedItem& item) {
  Item out;
  out.sort = item.sort;
  if (item.sort == ast::Sort::Func) {
    FuncRecord& rec = records.funcs.emplace_back();
    rec.types = component.types;
    rec.layouts = &component.layouts;
    rec.type = item.type;
    rec.name = item.name;
    rec.host = item.func;
    out.func = &rec;
  } else if (item.sort == ast::Sort::Instance) {
    InstanceRecord& rec = records.instances.emplace_back();
    for (size_t i = 0; i < item.exports.size(); ++i) {
      Item x = materialize(records, component, item.exports[i]);
      // Type exports of a host instance have no run-time item (see resolve_imports).
      if (x.sort != ast::Sort::Type) rec.exports.emplace_back(item.export_names[i], x);
    }
    out.instance = &rec;
  }
  return out;
}

Result<void> type_exports(const CompiledComponent& component, InstanceRecord& exports) {
  const ComponentType& type = component.types->component(component.type);
  for (const NamedExtern& e : type.exports) {
    const Item* item = exports.find(e.name);
    if (!item) continue;
    if (auto ok = assign(*component.types, e.name, e.type, *item); !ok) return ok;
  }
  return {};
}

}  // namespace stratus::component::detail
