#include "component/instantiate/store_records.hpp"

#include "component/api/compiled_component.hpp"
#include "component/instantiate/host_resources.hpp"
#include "embed/store_keep_alive.hpp"

namespace stratus::component::detail {

void keep_in_store(Store& store, std::shared_ptr<StoreRecords> records) {
  stratus::detail::keep_alive(store, std::move(records));
}

Item materialize(Store& store, StoreRecords& records, const CompiledComponent& component, const ResolvedItem& item) {
  Item out;
  out.sort = item.sort;
  if (item.sort == ast::Sort::Type) {
    if (item.resource) out.resource = &host_runtime_type(store_resources(store), item.resource);
  } else if (item.sort == ast::Sort::Func) {
    FuncRecord& rec = records.funcs.emplace_back();
    rec.types = component.types;
    rec.layouts = component.layouts.get();
    rec.type = item.type;
    rec.name = item.name;
    rec.host = item.func;
    out.func = &rec;
  } else if (item.sort == ast::Sort::Instance) {
    InstanceRecord& rec = records.instances.emplace_back(&records.arena);
    rec.exports.reserve(item.exports.size());
    for (size_t i = 0; i < item.exports.size(); ++i) {
      Item x = materialize(store, records, component, item.exports[i]);
      // A type export other than a host resource has no run-time item (see resolve_imports).
      if (x.sort != ast::Sort::Type || x.resource) rec.exports.emplace_back(item.export_names[i], x);
    }
    out.instance = &rec;
  }
  return out;
}

}  // namespace stratus::component::detail
