#include "component/instantiate/store_records.hpp"

#include "component/api/compiled_component.hpp"
#include "embed/store_keep_alive.hpp"

namespace stratus::component::detail {

void keep_in_store(Store& store, std::shared_ptr<StoreRecords> records) {
  stratus::detail::keep_alive(store, std::move(records));
}

Item materialize(StoreRecords& records, const CompiledComponent& component, const ResolvedItem& item) {
  Item out;
  out.sort = item.sort;
  if (item.sort == ast::Sort::Func) {
    FuncRecord& rec = records.funcs.emplace_back();
    rec.types = component.types;
    rec.layouts = component.layouts.get();
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

}  // namespace stratus::component::detail
