#include "component/wit/model.hpp"

#include <algorithm>

namespace stratus::component::wit {

namespace {

constexpr uint64_t kResourceTag = uint64_t{1} << 40;
constexpr uint64_t kValueTag = uint64_t{2} << 40;

struct InterfaceId {
  std::string ns;
  std::string package;
  std::optional<std::string> version;
  std::string interface;
};

// `ns:pkg/iface` or `ns:pkg/iface@version`: the names wit-parser decodes as interfaces of
// a foreign package.
std::optional<InterfaceId> parse_interface_id(const std::string& name) {
  size_t colon = name.find(':');
  size_t slash = name.find('/');
  if (colon == std::string::npos || slash == std::string::npos || colon == 0 || slash < colon + 2) return std::nullopt;
  size_t at = name.find('@', slash);
  InterfaceId id;
  id.ns = name.substr(0, colon);
  id.package = name.substr(colon + 1, slash - colon - 1);
  id.interface = name.substr(slash + 1, at == std::string::npos ? std::string::npos : at - slash - 1);
  if (at != std::string::npos) id.version = name.substr(at + 1);
  if (id.interface.empty() || id.interface.find('/') != std::string::npos) return std::nullopt;
  return id;
}

class Builder {
 public:
  explicit Builder(const TypeTables& types) : types_(types) { model_.owners.push_back(Owner{true, {}, kMainPackage, {}, {}, {}}); }

  Result<void> add(const NamedExtern& e, bool is_import) {
    std::vector<WorldItem>& items = is_import ? model_.imports : model_.exports;
    switch (e.type.kind) {
      case ExternKind::Instance: {
        if (e.type.index >= types_.instances.size()) return Error(ErrorKind::Invalid, "instance type out of range");
        const InstanceType& instance = types_.instances[e.type.index];
        WorldItem item;
        item.kind = WorldItem::Kind::Interface;
        item.name = e.name;
        if (auto id = parse_interface_id(e.name)) {
          item.by_id = true;
          item.owner = foreign_interface(*id);
          fill_foreign(item.owner, instance);
        } else {
          item.owner = static_cast<uint32_t>(model_.owners.size());
          model_.owners.push_back(Owner{});
          for (const NamedExtern& x : instance.exports) {
            if (x.type.kind == ExternKind::Type) register_type(item.owner, x.name, x.type.type);
            if (x.type.kind == ExternKind::Func) model_.owners[item.owner].functions.push_back({x.name, FuncTypeId{x.type.index}});
          }
        }
        items.push_back(std::move(item));
        return {};
      }
      case ExternKind::Func: {
        WorldItem item;
        item.kind = WorldItem::Kind::Function;
        item.name = e.name;
        item.function = Function{e.name, FuncTypeId{e.type.index}};
        items.push_back(std::move(item));
        return {};
      }
      case ExternKind::Type: {
        // wasm-tools refuses a component that exports a type; the world has type imports only.
        if (!is_import) return {};
        WorldItem item;
        item.kind = WorldItem::Kind::Type;
        item.name = e.name;
        item.type_item = register_type(0, e.name, e.type.type);
        items.push_back(std::move(item));
        return {};
      }
      default:
        return {};  // core modules, values, components: no part of a WIT world
    }
  }

  Model finish() { return std::move(model_); }

 private:
  uint32_t register_type(uint32_t owner, const std::string& name, const AnyType& def) {
    Owner& o = model_.owners[owner];
    TypeItem item{name, def, std::nullopt};
    const auto index = static_cast<uint32_t>(o.types.size());
    if (auto id = identity(def)) {
      if (auto it = model_.first_names.find(*id); it != model_.first_names.end()) {
        item.alias = it->second;
      } else {
        model_.first_names.emplace(*id, TypeRef{owner, index});
      }
      o.local_names.emplace(*id, name);
    }
    o.types.push_back(std::move(item));
    return index;
  }

  uint32_t foreign_interface(const InterfaceId& id) {
    auto same_package = [&](const Package& p) { return p.ns == id.ns && p.name == id.package && p.version == id.version; };
    auto pkg = std::find_if(model_.packages.begin(), model_.packages.end(), same_package);
    if (pkg == model_.packages.end()) {
      model_.packages.push_back(Package{id.ns, id.package, id.version, {}});
      pkg = model_.packages.end() - 1;
    }
    const int pkg_index = static_cast<int>(pkg - model_.packages.begin());
    for (uint32_t owner : pkg->interfaces) {
      if (model_.owners[owner].name == id.interface) return owner;
    }
    const auto owner = static_cast<uint32_t>(model_.owners.size());
    pkg->interfaces.push_back(owner);
    model_.owners.push_back(Owner{false, id.interface, pkg_index, {}, {}, {}});
    return owner;
  }

  // A foreign interface is the union of every instance of its name: a name seen before keeps
  // its first definition, and this instance's type for it is one more type of that name.
  void fill_foreign(uint32_t owner, const InstanceType& instance) {
    for (const NamedExtern& x : instance.exports) {
      Owner& o = model_.owners[owner];
      if (x.type.kind == ExternKind::Type) {
        auto existing = std::find_if(o.types.begin(), o.types.end(), [&](const TypeItem& t) { return t.name == x.name; });
        if (existing == o.types.end()) {
          register_type(owner, x.name, x.type.type);
          continue;
        }
        if (auto id = identity(x.type.type)) {
          o.local_names.emplace(*id, x.name);
          model_.first_names.emplace(*id, TypeRef{owner, static_cast<uint32_t>(existing - o.types.begin())});
        }
      } else if (x.type.kind == ExternKind::Func) {
        bool known = std::any_of(o.functions.begin(), o.functions.end(), [&](const Function& f) { return f.name == x.name; });
        if (!known) o.functions.push_back({x.name, FuncTypeId{x.type.index}});
      }
    }
  }

  const TypeTables& types_;
  Model model_;
};

}  // namespace

uint64_t resource_identity(uint32_t resource) { return kResourceTag | resource; }

std::optional<uint64_t> identity(ValType t) {
  if (is_primitive(t.kind) || t.kind == ValKind::Own || t.kind == ValKind::Borrow) return std::nullopt;
  return kValueTag | (uint64_t{static_cast<uint8_t>(t.kind)} << 32) | t.index;
}

std::optional<uint64_t> identity(const AnyType& t) {
  if (t.kind == TypeKind::Resource) return resource_identity(t.index);
  if (t.kind == TypeKind::Value) return identity(t.value);
  return std::nullopt;
}

Result<Model> build_model(const TypeTables& types, const ComponentType& component) {
  Builder builder(types);
  for (const NamedExtern& e : component.imports) {
    if (auto r = builder.add(e, true); !r) return r.error();
  }
  for (const NamedExtern& e : component.exports) {
    if (auto r = builder.add(e, false); !r) return r.error();
  }
  return builder.finish();
}

}  // namespace stratus::component::wit
