// The public type listing (stratus/component/types.hpp) over the component's TypeTables.
#include "stratus/component/types.hpp"

#include <string>

#include "component/api/access.hpp"
#include "component/api/compiled_component.hpp"

namespace stratus::component {

static_assert(static_cast<int>(types::Kind::ErrorContext) == static_cast<int>(ValKind::ErrorContext) &&
                  static_cast<int>(types::Kind::Future) == static_cast<int>(ValKind::Future),
              "types::Kind follows ValKind");
static_assert(static_cast<int>(types::ItemKind::Component) == static_cast<int>(ExternKind::Component) &&
                  static_cast<int>(types::ItemKind::Func) == static_cast<int>(ExternKind::Func),
              "types::ItemKind follows ExternKind");

namespace {


std::string spell(const TypeTables& t, ValType v, int depth = 0) {
  if (is_primitive(v.kind)) return kind_name(v.kind);
  if (depth > 32) return "...";
  auto sub = [&](ValType x) { return spell(t, x, depth + 1); };
  auto join = [](const std::vector<std::string>& parts) {
    std::string s;
    for (size_t i = 0; i < parts.size(); ++i) s += (i ? ", " : "") + parts[i];
    return s;
  };
  std::vector<std::string> parts;
  switch (v.kind) {
    case ValKind::Record:
      for (const Field& f : t.record(v).fields) parts.push_back(f.name + ": " + sub(f.type));
      return "record { " + join(parts) + " }";
    case ValKind::Variant:
      for (const Case& c : t.variant(v).cases) parts.push_back(c.type ? c.name + "(" + sub(*c.type) + ")" : c.name);
      return "variant { " + join(parts) + " }";
    case ValKind::List: {
      const ListType& l = t.list(v);
      return "list<" + sub(l.element) + (l.length ? ", " + std::to_string(*l.length) : "") + ">";
    }
    case ValKind::Tuple:
      for (ValType x : t.tuple(v).types) parts.push_back(sub(x));
      return "tuple<" + join(parts) + ">";
    case ValKind::Flags: return "flags { " + join(t.flags_of(v).names) + " }";
    case ValKind::Enum: return "enum { " + join(t.enum_of(v).names) + " }";
    case ValKind::Option: return "option<" + sub(t.option(v).some) + ">";
    case ValKind::Result: {
      const ResultType& r = t.result(v);
      if (!r.ok && !r.err) return "result";
      if (!r.err) return "result<" + sub(*r.ok) + ">";
      return "result<" + (r.ok ? sub(*r.ok) : std::string("_")) + ", " + sub(*r.err) + ">";
    }
    case ValKind::Own: return t.resources[v.index].name;
    case ValKind::Borrow: return "borrow<" + t.resources[v.index].name + ">";
    case ValKind::Stream: {
      const StreamType& s = t.streams[v.index];
      return s.element ? "stream<" + sub(*s.element) + ">" : "stream";
    }
    case ValKind::Future: {
      const FutureType& f = t.futures[v.index];
      return f.value ? "future<" + sub(*f.value) + ">" : "future";
    }
    default: return "?";
  }
}

types::Item item_of(const std::shared_ptr<const TypeTables>& t, const NamedExtern& e, int depth = 0) {
  types::Item item;
  item.name = e.name;
  item.kind = static_cast<types::ItemKind>(e.type.kind);
  if (e.type.kind == ExternKind::Func) item.func = detail::Access::func_type(t, FuncTypeId{e.type.index});
  if (e.type.kind == ExternKind::Instance && depth < 32)
    for (const NamedExtern& x : t->instances[e.type.index].exports) item.exports.push_back(item_of(t, x, depth + 1));
  return item;
}

}  // namespace

std::string types::Type::to_string() const { return spell(*tables_, detail::Access::val_type(*this)); }

std::vector<types::Param> types::ComponentFunc::params() const {
  std::vector<Param> out;
  for (const stratus::component::Param& p : tables_->funcs[index_].params)
    out.push_back(Param{p.name, detail::Access::type(tables_, p.type)});
  return out;
}

std::optional<types::Type> types::ComponentFunc::result() const {
  const auto& r = tables_->funcs[index_].result;
  if (!r) return std::nullopt;
  return detail::Access::type(tables_, *r);
}

std::string types::ComponentFunc::to_string() const {
  const FuncType& f = tables_->funcs[index_];
  std::string s = f.async ? "async func(" : "func(";
  for (size_t i = 0; i < f.params.size(); ++i) s += (i ? ", " : "") + f.params[i].name + ": " + spell(*tables_, f.params[i].type);
  s += ")";
  if (f.result) s += " -> " + spell(*tables_, *f.result);
  return s;
}

std::string types::Item::to_string() const {
  switch (kind) {
    case ItemKind::Func: return func ? func->to_string() : "func";
    case ItemKind::CoreModule: return "core module";
    case ItemKind::Value: return "value";
    case ItemKind::Type: return "type";
    case ItemKind::Instance: return "instance";
    case ItemKind::Component: return "component";
  }
  return "item";
}

types::ComponentType Component::type() const {
  types::ComponentType out;
  const ComponentType& t = impl_->types->component(impl_->type);
  for (const NamedExtern& e : t.imports) out.imports.push_back(item_of(impl_->types, e));
  for (const NamedExtern& e : t.exports) out.exports.push_back(item_of(impl_->types, e));
  return out;
}

}  // namespace stratus::component
