#include <algorithm>
#include <map>
#include <set>

#include "component/wit/model.hpp"
#include "component/wit/output.hpp"
#include "component/wit/wit.hpp"

namespace stratus::component::wit {

namespace {

// Deeper types are refused rather than recursed into (validation bounds real ones far lower).
constexpr int kMaxTypeDepth = 100;

bool is_wit_keyword(std::string_view s) {
  static const std::set<std::string_view> keywords = {
      "use",     "type",    "func",   "u8",          "u16",      "u32",    "u64",   "s8",     "s16",
      "s32",     "s64",     "f32",    "f64",         "float32",  "float64", "char",  "resource", "record",
      "flags",   "variant", "enum",   "bool",        "string",   "option", "result", "future", "stream",
      "list",    "own",     "borrow", "_",           "as",       "from",   "static", "interface", "tuple",
      "world",   "import",  "export", "package",     "with",     "include", "constructor", "error-context",
      "async",   "map"};
  return keywords.count(s) != 0;
}

std::string escape(std::string_view name) {
  return is_wit_keyword(name) ? "%" + std::string(name) : std::string(name);
}

Error unprintable(const std::string& what) { return Error(ErrorKind::Invalid, "cannot print the component as WIT: " + what); }

enum class ResourceFuncKind { Constructor, Method, Static };
struct ResourceFunc {
  ResourceFuncKind kind;
  std::string resource;
  std::string name;  // the method's or static function's own name
};

std::optional<ResourceFunc> resource_func(std::string_view name) {
  auto split = [&](std::string_view prefix, ResourceFuncKind kind) -> std::optional<ResourceFunc> {
    if (name.substr(0, prefix.size()) != prefix) return std::nullopt;
    std::string_view rest = name.substr(prefix.size());
    if (kind == ResourceFuncKind::Constructor) return ResourceFunc{kind, std::string(rest), {}};
    size_t dot = rest.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    return ResourceFunc{kind, std::string(rest.substr(0, dot)), std::string(rest.substr(dot + 1))};
  };
  if (auto f = split("[constructor]", ResourceFuncKind::Constructor)) return f;
  if (auto f = split("[method]", ResourceFuncKind::Method)) return f;
  return split("[static]", ResourceFuncKind::Static);
}

class Printer {
 public:
  Printer(const TypeTables& types, const Model& model) : types_(types), model_(model) {}

  Result<std::string> print(bool nested) {
    out_.str("package root:component");
    out_.semicolon();
    out_.newline();
    out_.str("world root");
    out_.block_start();
    if (auto r = world(); !r) return r.error();
    out_.block_end();
    if (nested) {
      auto order = package_order();
      for (size_t i = 0; i < order.size(); ++i) {
        if (i > 0) {
          out_.newline();
          out_.newline();
        }
        if (auto r = package(order[i]); !r) return r.error();
      }
    }
    return out_.take();
  }

 private:
  void new_item() {
    if (any_items_) out_.newline();
    any_items_ = true;
  }

  // Where a name the owner refers to is defined: its own name for the type first, then the
  // name it was given first anywhere.
  std::optional<std::string> name_in(uint32_t owner, uint64_t id) const {
    const Owner& o = model_.owners[owner];
    if (auto it = o.local_names.find(id); it != o.local_names.end()) return it->second;
    if (auto it = model_.first_names.find(id); it != model_.first_names.end()) return model_.item(it->second).name;
    return std::nullopt;
  }

  Result<std::string> resource_name(uint32_t owner, uint32_t resource) const {
    if (auto n = name_in(owner, resource_identity(resource))) return escape(*n);
    return unprintable("a handle of resource " + std::to_string(resource) + ", which has no name");
  }

  Result<std::string> type_name(uint32_t owner, ValType t, int depth = 0) const {
    if (depth > kMaxTypeDepth) return unprintable("types nested more than " + std::to_string(kMaxTypeDepth) + " deep");
    if (is_primitive(t.kind)) return std::string(kind_name(t.kind));
    switch (t.kind) {
      case ValKind::Own: return resource_name(owner, t.index);
      case ValKind::Borrow: {
        auto r = resource_name(owner, t.index);
        if (!r) return r.error();
        return "borrow<" + *r + ">";
      }
      default: break;
    }
    if (auto n = name_in(owner, *identity(t))) return escape(*n);
    return structure(owner, t, depth);
  }

  // `t` spelled out, for an anonymous type or the right-hand side of its own definition.
  Result<std::string> structure(uint32_t owner, ValType t, int depth) const {
    auto inner = [&](ValType e) { return type_name(owner, e, depth + 1); };
    auto in_range = [&](size_t size) { return t.index < size; };
    switch (t.kind) {
      case ValKind::List: {
        if (!in_range(types_.lists.size())) break;
        const ListType& l = types_.list(t);
        auto e = inner(l.element);
        if (!e) return e;
        if (l.length) return "list<" + *e + ", " + std::to_string(*l.length) + ">";
        return "list<" + *e + ">";
      }
      case ValKind::Tuple: {
        if (!in_range(types_.tuples.size())) break;
        std::string s = "tuple<";
        const TupleType& tuple = types_.tuple(t);
        for (size_t i = 0; i < tuple.types.size(); ++i) {
          auto e = inner(tuple.types[i]);
          if (!e) return e;
          s += (i ? ", " : "") + *e;
        }
        return s + ">";
      }
      case ValKind::Option: {
        if (!in_range(types_.options.size())) break;
        auto e = inner(types_.option(t).some);
        if (!e) return e;
        return "option<" + *e + ">";
      }
      case ValKind::Result: {
        if (!in_range(types_.results.size())) break;
        const ResultType& r = types_.result(t);
        std::string ok = "_";
        if (r.ok) {
          auto e = inner(*r.ok);
          if (!e) return e;
          ok = *e;
        }
        if (!r.err) return r.ok ? "result<" + ok + ">" : std::string("result");
        auto err = inner(*r.err);
        if (!err) return err;
        return "result<" + ok + ", " + *err + ">";
      }
      case ValKind::Stream:
      case ValKind::Future: {
        const bool stream = t.kind == ValKind::Stream;
        if (!in_range(stream ? types_.streams.size() : types_.futures.size())) break;
        const std::optional<ValType>& e = stream ? types_.streams[t.index].element : types_.futures[t.index].value;
        std::string s = stream ? "stream" : "future";
        if (!e) return s;
        auto name = inner(*e);
        if (!name) return name;
        return s + "<" + *name + ">";
      }
      case ValKind::Record: return unprintable("an unnamed record type");
      case ValKind::Variant: return unprintable("an unnamed variant type");
      case ValKind::Enum: return unprintable("an unnamed enum type");
      case ValKind::Flags: return unprintable("an unnamed flags type");
      default: return type_name(owner, t, depth + 1);
    }
    return unprintable("a type index out of range");
  }

  Result<std::string> path_to(uint32_t interface, int from_package) const {
    const Owner& o = model_.owners[interface];
    if (!o.name) return unprintable("a `use` of a type of an inline interface");
    if (o.package == from_package) return escape(*o.name);
    const Package& p = model_.packages[static_cast<size_t>(o.package)];
    std::string s = escape(p.ns) + ":" + escape(p.name) + "/" + escape(*o.name);
    if (p.version) s += "@" + *p.version;
    return s;
  }

  // `func(a: T) -> R`, or `constructor(a: T)`; a method's `self` is not printed.
  Result<std::string> function(uint32_t owner, const Function& f, const ResourceFunc* rf) const {
    if (f.type.index >= types_.funcs.size()) return unprintable("a function type index out of range");
    const FuncType& ft = types_.func(f.type);
    std::string s = ft.async ? "async " : "";
    const bool constructor = rf && rf->kind == ResourceFuncKind::Constructor;
    s += constructor ? "constructor(" : "func(";
    const size_t skip = rf && rf->kind == ResourceFuncKind::Method ? 1 : 0;
    for (size_t i = skip; i < ft.params.size(); ++i) {
      auto t = type_name(owner, ft.params[i].type);
      if (!t) return t;
      s += (i > skip ? ", " : "") + escape(ft.params[i].name) + ": " + *t;
    }
    s += ")";
    if (!ft.result) return s;
    if (constructor && ft.result->kind == ValKind::Own) {
      // `constructor(..)` returning its own resource is the shorthand with no result.
      auto returned = name_in(owner, resource_identity(ft.result->index));
      if (returned == rf->resource) return s;
    }
    auto r = type_name(owner, *ft.result);
    if (!r) return r;
    return s + " -> " + *r;
  }

  Result<void> resource(uint32_t owner, const TypeItem& item, const std::vector<std::pair<const Function*, ResourceFunc>>& funcs) {
    out_.str("resource " + escape(item.name));
    if (funcs.empty()) {
      out_.semicolon();
      return {};
    }
    out_.block_start();
    for (const auto& [f, rf] : funcs) {
      auto text = function(owner, *f, &rf);
      if (!text) return text.error();
      if (rf.kind == ResourceFuncKind::Method) out_.str(escape(rf.name) + ": ");
      if (rf.kind == ResourceFuncKind::Static) out_.str(escape(rf.name) + ": static ");
      out_.str(*text);
      out_.semicolon();
    }
    out_.block_end();
    return {};
  }

  Result<void> declare(uint32_t owner, const TypeItem& item) {
    const std::string name = escape(item.name);
    if (item.alias) {
      out_.str("type " + name + " = " + escape(model_.item(*item.alias).name));
      out_.semicolon();
      return {};
    }
    const ValType t = item.def.value;
    auto fields_block = [&](const std::string& keyword, auto&& body) -> Result<void> {
      out_.str(keyword + " " + name);
      out_.block_start();
      if (auto r = body(); !r) return r;
      out_.block_end();
      return {};
    };
    switch (t.kind) {
      case ValKind::Record:
        if (t.index >= types_.records.size()) break;
        return fields_block("record", [&]() -> Result<void> {
          for (const Field& f : types_.record(t).fields) {
            auto ty = type_name(owner, f.type);
            if (!ty) return ty.error();
            out_.str(escape(f.name) + ": " + *ty + ",");
            out_.newline();
          }
          return {};
        });
      case ValKind::Variant:
        if (t.index >= types_.variants.size()) break;
        return fields_block("variant", [&]() -> Result<void> {
          for (const Case& c : types_.variant(t).cases) {
            std::string line = escape(c.name);
            if (c.type) {
              auto ty = type_name(owner, *c.type);
              if (!ty) return ty.error();
              line += "(" + *ty + ")";
            }
            out_.str(line + ",");
            out_.newline();
          }
          return {};
        });
      case ValKind::Enum:
      case ValKind::Flags: {
        const bool is_enum = t.kind == ValKind::Enum;
        if (t.index >= (is_enum ? types_.enums.size() : types_.flags.size())) break;
        const std::vector<std::string>& names = is_enum ? types_.enum_of(t).names : types_.flags_of(t).names;
        return fields_block(is_enum ? "enum" : "flags", [&]() -> Result<void> {
          for (const std::string& n : names) {
            out_.str(escape(n) + ",");
            out_.newline();
          }
          return {};
        });
      }
      case ValKind::Own:
      case ValKind::Borrow: {
        auto r = resource_name(owner, t.index);
        if (!r) return r.error();
        out_.str("type " + name + " = " + (t.kind == ValKind::Own ? "own<" : "borrow<") + *r + ">");
        out_.semicolon();
        return {};
      }
      default: {
        auto rhs = is_primitive(t.kind) ? type_name(owner, t) : structure(owner, t, 0);
        if (!rhs) return rhs.error();
        out_.str("type " + name + " = " + *rhs);
        out_.semicolon();
        return {};
      }
    }
    return unprintable("a type index out of range");
  }

  using ResourceFuncs = std::map<std::string, std::vector<std::pair<const Function*, ResourceFunc>>>;

  // `use` statements first (one per run of names from the same interface), then the type
  // definitions in order, resources with their functions.
  Result<void> types(uint32_t owner, const std::vector<uint32_t>& items, const ResourceFuncs& resource_funcs) {
    const Owner& o = model_.owners[owner];
    struct Use {
      uint32_t from;
      std::vector<std::pair<std::string, std::string>> names;  // (here, there)
    };
    std::vector<Use> uses;
    std::vector<uint32_t> declared;
    for (uint32_t i : items) {
      const TypeItem& item = o.types[i];
      if (item.alias && item.alias->owner != owner) {
        const std::string& there = model_.item(*item.alias).name;
        if (!uses.empty() && uses.back().from == item.alias->owner) {
          uses.back().names.emplace_back(item.name, there);
        } else {
          uses.push_back(Use{item.alias->owner, {{item.name, there}}});
        }
        continue;
      }
      declared.push_back(i);
    }
    for (const Use& u : uses) {
      any_items_ = true;
      auto path = path_to(u.from, o.package);
      if (!path) return path.error();
      std::string s = "use " + *path + ".{";
      for (size_t i = 0; i < u.names.size(); ++i) {
        const auto& [here, there] = u.names[i];
        s += (i ? ", " : "") + (here == there ? escape(here) : escape(there) + " as " + escape(here));
      }
      out_.str(s + "}");
      out_.semicolon();
    }
    for (uint32_t i : declared) {
      new_item();
      const TypeItem& item = o.types[i];
      if (item.def.kind == TypeKind::Resource && !item.alias) {
        auto it = resource_funcs.find(item.name);
        static const std::vector<std::pair<const Function*, ResourceFunc>> none;
        if (auto r = resource(owner, item, it == resource_funcs.end() ? none : it->second); !r) return r;
      } else if (item.def.kind == TypeKind::Value || item.alias) {
        if (auto r = declare(owner, item); !r) return r;
      }
    }
    return {};
  }

  // Resource functions by the resource they belong to, which must be a resource `owner`
  // defines.
  Result<void> collect_resource_func(uint32_t owner, const Function& f, const ResourceFunc& rf, ResourceFuncs& into) {
    const Owner& o = model_.owners[owner];
    bool defined = std::any_of(o.types.begin(), o.types.end(), [&](const TypeItem& t) {
      return t.name == rf.resource && t.def.kind == TypeKind::Resource && !t.alias;
    });
    if (!defined) return unprintable("function `" + f.name + "` belongs to no resource `" + rf.resource + "` of its interface");
    into[rf.resource].emplace_back(&f, rf);
    return {};
  }

  Result<void> interface(uint32_t owner) {
    const bool prev = std::exchange(any_items_, false);
    const Owner& o = model_.owners[owner];
    ResourceFuncs resource_funcs;
    std::vector<const Function*> freestanding;
    for (const Function& f : o.functions) {
      if (auto rf = resource_func(f.name)) {
        if (auto r = collect_resource_func(owner, f, *rf, resource_funcs); !r) return r;
      } else {
        freestanding.push_back(&f);
      }
    }
    std::vector<uint32_t> all(o.types.size());
    for (uint32_t i = 0; i < all.size(); ++i) all[i] = i;
    if (auto r = types(owner, all, resource_funcs); !r) return r;
    for (const Function* f : freestanding) {
      new_item();
      auto text = function(owner, *f, nullptr);
      if (!text) return text.error();
      out_.str(escape(f->name) + ": " + *text);
      out_.semicolon();
    }
    any_items_ = prev;
    return {};
  }

  Result<void> world_item(const WorldItem& item, const char* keyword) {
    out_.str(std::string(keyword) + " ");
    if (item.kind == WorldItem::Kind::Function) {
      auto text = function(0, item.function, nullptr);
      if (!text) return text.error();
      out_.str(escape(item.name) + ": " + *text);
      out_.semicolon();
      return {};
    }
    if (item.by_id) {
      auto path = path_to(item.owner, kMainPackage);
      if (!path) return path.error();
      out_.str(*path);
      out_.semicolon();
      return {};
    }
    out_.str(escape(item.name) + ": interface");
    out_.block_start();
    if (auto r = interface(item.owner); !r) return r;
    out_.block_end();
    return {};
  }

  // Imported interfaces, then the world's types (with the resource functions), then
  // imported functions; after a blank line, the exports.
  Result<void> world() {
    any_items_ = false;
    ResourceFuncs resource_funcs;
    std::vector<uint32_t> world_types;
    std::vector<const WorldItem*> function_imports;
    for (const WorldItem& item : model_.imports) {
      switch (item.kind) {
        case WorldItem::Kind::Type: world_types.push_back(item.type_item); break;
        case WorldItem::Kind::Function:
          if (auto rf = resource_func(item.function.name)) {
            if (auto r = collect_resource_func(0, item.function, *rf, resource_funcs); !r) return r;
          } else {
            function_imports.push_back(&item);
          }
          break;
        case WorldItem::Kind::Interface:
          if (auto r = world_item(item, "import"); !r) return r;
          any_items_ = true;
          break;
      }
    }
    if (auto r = types(0, world_types, resource_funcs); !r) return r;
    for (const WorldItem* item : function_imports) {
      if (auto r = world_item(*item, "import"); !r) return r;
      any_items_ = true;
    }
    if (!model_.exports.empty()) new_item();
    for (const WorldItem& item : model_.exports) {
      if (auto r = world_item(item, "export"); !r) return r;
    }
    return {};
  }

  // Foreign packages with the packages their interfaces `use` before them, else in the
  // order first seen, as wit-parser orders a decoded component's packages.
  std::vector<size_t> package_order() const {
    std::vector<size_t> order;
    std::vector<bool> visiting(model_.packages.size(), false);
    auto visit = [&](auto&& self, size_t p) -> void {
      if (std::find(order.begin(), order.end(), p) != order.end() || visiting[p]) return;
      visiting[p] = true;
      for (uint32_t iface : model_.packages[p].interfaces) {
        for (const TypeItem& t : model_.owners[iface].types) {
          if (!t.alias) continue;
          int dep = model_.owners[t.alias->owner].package;
          if (dep != kMainPackage && static_cast<size_t>(dep) != p) self(self, static_cast<size_t>(dep));
        }
      }
      order.push_back(p);
    };
    for (size_t p = 0; p < model_.packages.size(); ++p) visit(visit, p);
    return order;
  }

  Result<void> package(size_t index) {
    const Package& p = model_.packages[index];
    std::string name = "package " + escape(p.ns) + ":" + escape(p.name);
    if (p.version) name += "@" + *p.version;
    out_.str(name);
    out_.block_start();
    for (uint32_t iface : p.interfaces) {
      out_.str("interface " + escape(*model_.owners[iface].name));
      out_.block_start();
      if (auto r = interface(iface); !r) return r;
      out_.block_end();
    }
    out_.block_end();
    return {};
  }

  const TypeTables& types_;
  const Model& model_;
  Output out_;
  bool any_items_ = false;
};

}  // namespace

Result<std::string> print_world(const TypeTables& types, ComponentTypeId component, WitOptions options) {
  if (component.index >= types.components.size()) return unprintable("component type index out of range");
  auto model = build_model(types, types.component(component));
  if (!model) return model.error();
  return Printer(types, *model).print(options.nested_packages);
}

}  // namespace stratus::component::wit
