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

const char* kind_name(Definition::Kind k) {
  switch (k) {
    case Definition::Kind::Func: return "a function";
    case Definition::Kind::Instance: return "an instance";
    case Definition::Kind::Resource: return "a resource type";
  }
  return "an item";
}

Error wrong_kind(const std::string& path, const char* wanted, const Definition& def) {
  return Error(ErrorKind::Link, "import \"" + path + "\" is " + wanted + ", but the linker defines " +
                                    kind_name(def.kind) + " of that name");
}

// One top-level component's imports resolved in order, remembering which host type each of
// its resource types was bound to: a later `(eq ...)` of it need not be defined again, and
// where it is defined it must be the same type.
class Resolver {
 public:
  explicit Resolver(const TypeTables& types) : types_(types), bound_(types.resources.size()) {}

  Result<ResolvedItem> resolve(const std::string& path, const ExternType& want, const Definition* def);

 private:
  Result<ResolvedItem> resolve_resource(const std::string& path, uint32_t resource, const Definition* def);

  const TypeTables& types_;
  std::vector<std::shared_ptr<const HostResourceType>> bound_;  // by TypeTables resource index
};

Result<ResolvedItem> Resolver::resolve_resource(const std::string& path, uint32_t resource, const Definition* def) {
  ResolvedItem item;
  item.sort = ast::Sort::Type;
  item.name = path;
  if (resource >= bound_.size())
    return Error(ErrorKind::Invalid, "import \"" + path + "\": resource type " + std::to_string(resource) + " out of range");
  std::shared_ptr<const HostResourceType>& bound = bound_[resource];
  if (!def) {
    if (bound) {  // an `(eq ...)` of a resource an earlier import bound: its alias names it too
      item.resource = bound;
      return item;
    }
    return Error(ErrorKind::Link, "component imports the resource type \"" + path +
                                      "\", but the linker defines no resource of that name (see LinkerInstance::resource)");
  }
  if (def->kind != Definition::Kind::Resource) return wrong_kind(path, "a resource type", *def);
  if (bound && bound != def->resource)
    return Error(ErrorKind::Link, "import \"" + path + "\" is the resource type `" + bound->name +
                                      "` bound by an earlier import, but the linker defines `" + def->resource->name +
                                      "`, a different resource type, under this name");
  bound = def->resource;
  item.resource = def->resource;
  return item;
}

Result<ResolvedItem> Resolver::resolve(const std::string& path, const ExternType& want, const Definition* def) {
  if (want.kind == ExternKind::Type) {
    if (want.type.kind == TypeKind::Resource) return resolve_resource(path, want.type.index, def);
    // Any other type import is fully given by the component's own type: the host defines
    // nothing for it.
    ResolvedItem item;
    item.sort = ast::Sort::Type;
    item.name = path;
    return item;
  }
  if (!def) return Error(ErrorKind::Link, "component imports " + std::string(kind_name(want.kind)) + " \"" + path +
                                              "\", but the linker defines no item of that name");
  if (want.kind == ExternKind::Func) {
    if (def->kind != Definition::Kind::Func) return wrong_kind(path, "a function", *def);
    ResolvedItem item;
    item.sort = ast::Sort::Func;
    item.func = def->func;
    item.type = FuncTypeId{want.index};
    item.name = path;
    return item;
  }
  if (want.kind == ExternKind::Instance) {
    if (def->kind != Definition::Kind::Instance) return wrong_kind(path, "an instance", *def);
    ResolvedItem item;
    item.sort = ast::Sort::Instance;
    item.name = path;
    for (const NamedExtern& e : types_.instances[want.index].exports) {
      auto r = resolve(path + "#" + e.name, e.type, def->instance->items.find(e.name));
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
  Resolver resolver(*component.types);
  for (size_t i = 0; i < c.imports.size(); ++i) {
    const std::string& name = c.imports[i].name.name;
    const NamedExtern* declared = nullptr;
    for (const NamedExtern& e : type.imports)
      if (e.name == name) declared = &e;
    if (!declared) return Error(ErrorKind::Invalid, "import \"" + name + "\" is missing from the component's type");
    auto r = resolver.resolve(name, declared->type, root.items.find(name));
    if (!r) return r.error();
    out.push_back(std::move(r).value());
  }
  return out;
}

}  // namespace stratus::component::detail
