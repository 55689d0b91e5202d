#include <string>

#include "component/api/compiled_component.hpp"
#include "component/instantiate/instantiate.hpp"
#include "component/linker/definitions.hpp"

namespace stratus::component::detail {

namespace {

const char* kind_name(ExternKind k) {
  switch (k) {
    case ExternKind::CoreModule: return "a core module";
    case ExternKind::Func: return "a function";
    case ExternKind::Value: return "a value";
    case ExternKind::Type: return "a type";
    case ExternKind::Instance: return "an instance";
    case ExternKind::Component: return "a component";
  }
  return "an item";
}

Result<ResolvedItem> resolve(const TypeTables& types, const std::string& path, const ExternType& want,
                             const Definition* def) {
  if (want.kind == ExternKind::Type) {
    // A type import the host need not define: only resource types would need a host
    // definition, and host resources are not supported yet.
    if (want.type.kind == TypeKind::Resource)
      return Error(ErrorKind::Link, "import \"" + path + "\" is a resource type; host-defined resources are not supported yet");
    ResolvedItem item;
    item.sort = ast::Sort::Type;
    item.name = path;
    return item;
  }
  if (!def) return Error(ErrorKind::Link, "component imports " + std::string(kind_name(want.kind)) + " \"" + path +
                                              "\", but the linker defines no item of that name");
  if (want.kind == ExternKind::Func) {
    if (def->kind != Definition::Kind::Func)
      return Error(ErrorKind::Link, "import \"" + path + "\" is a function, but the linker defines an instance of that name");
    ResolvedItem item;
    item.sort = ast::Sort::Func;
    item.func = def->func;
    item.type = FuncTypeId{want.index};
    item.name = path;
    return item;
  }
  if (want.kind == ExternKind::Instance) {
    if (def->kind != Definition::Kind::Instance)
      return Error(ErrorKind::Link, "import \"" + path + "\" is an instance, but the linker defines a function of that name");
    ResolvedItem item;
    item.sort = ast::Sort::Instance;
    item.name = path;
    for (const NamedExtern& e : types.instances[want.index].exports) {
      auto r = resolve(types, path + "#" + e.name, e.type, def->instance->items.find(e.name));
      if (!r) return r.error();
      item.export_names.push_back(e.name);
      item.exports.push_back(std::move(r).value());
    }
    return item;
  }
  return Error(ErrorKind::Link, "import \"" + path + "\" is " + kind_name(want.kind) +
                                    "; only functions, instances and types can be imported from the host");
}

}  // namespace

Result<std::vector<ResolvedItem>> resolve_imports(const CompiledComponent& component, const Definitions& root) {
  std::vector<ResolvedItem> out;
  const ast::Component& c = component.ast;
  out.reserve(c.imports.size());
  const ComponentType& type = component.types->component(component.type);
  for (size_t i = 0; i < c.imports.size(); ++i) {
    const std::string& name = c.imports[i].name.name;
    const NamedExtern* declared = nullptr;
    for (const NamedExtern& e : type.imports)
      if (e.name == name) declared = &e;
    if (!declared) return Error(ErrorKind::Invalid, "import "" + name + "" is missing from the component's type");
    auto r = resolve(*component.types, name, declared->type, root.items.find(name));
    if (!r) return r.error();
    out.push_back(std::move(r).value());
  }
  return out;
}

}  // namespace stratus::component::detail
