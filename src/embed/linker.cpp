#include "stratus/linker.hpp"

#include <unordered_map>
#include <vector>

#include "embed/compiled_module.hpp"
#include "embed/import_check.hpp"
#include "embed/instantiate.hpp"
#include "embed/store_impl.hpp"

namespace stratus {

namespace {

const void* raw_of(const Extern& e) {
  return std::visit([](const auto& handle) -> const void* { return handle.raw(); }, e);
}

}  // namespace

Linker::Linker(const Engine& engine) : engine_(engine) {}

Result<void> Linker::define(const std::string& module, const std::string& name, Extern item) {
  if (!raw_of(item)) return Error(ErrorKind::Link, "define " + detail::quoted_import(module, name) + ": the handle is null");
  auto key = std::make_pair(module, name);
  if (!allow_shadowing_ && defs_.count(key))
    return Error(ErrorKind::Link, detail::quoted_import(module, name) + " is already defined (see Linker::allow_shadowing)");
  defs_.insert_or_assign(std::move(key), Def(std::move(item)));
  return {};
}

Result<void> Linker::define_instance(const std::string& module, const Instance& instance) {
  if (!instance) return Error(ErrorKind::Link, "define_instance \"" + module + "\": the instance handle is null");
  auto exports = instance.exports();
  // All or nothing: check every name before defining any.
  if (!allow_shadowing_)
    for (const auto& [name, item] : exports)
      if (defs_.count(std::make_pair(module, name)))
        return Error(ErrorKind::Link, detail::quoted_import(module, name) + " is already defined (see Linker::allow_shadowing)");
  for (auto& [name, item] : exports) defs_.insert_or_assign(std::make_pair(module, name), Def(std::move(item)));
  return {};
}

Result<void> Linker::define_func(const std::string& module, const std::string& name, FuncType type, HostFunc fn) {
  auto key = std::make_pair(module, name);
  if (!allow_shadowing_ && defs_.count(key))
    return Error(ErrorKind::Link, detail::quoted_import(module, name) + " is already defined (see Linker::allow_shadowing)");
  defs_.insert_or_assign(std::move(key), Def(HostDef{std::move(type), std::move(fn)}));
  return {};
}

Result<Instance> Linker::instantiate(Store& store, const Module& module) const {
  if (&detail::impl(detail::impl(module).engine) != &detail::impl(store.engine()))
    return Error(ErrorKind::Link, "the module was compiled by a different Engine than the Store's");

  const detail::CompiledModule& cm = detail::impl(module);
  const size_t count = cm.module.imports.size();
  std::vector<const Def*> found;
  found.reserve(count);
  // In import order, so the first bad import is the one reported, as the spec does.
  for (size_t i = 0; i < count; ++i) {
    const ImportDesc imp = detail::import_desc(cm, i);
    auto it = defs_.find(std::make_pair(imp.module, imp.name));
    if (it == defs_.end()) return Error(ErrorKind::Link, "unknown import: " + detail::quoted_import(imp.module, imp.name));
    ExternType actual;
    if (auto* host = std::get_if<HostDef>(&it->second)) {
      actual.kind = ExternKind::Func;
      actual.func = host->type;
    } else {
      const Extern& item = std::get<Extern>(it->second);
      const auto* func = std::get_if<Func>(&item);
      if (func ? !detail::impl(store).owns(func->raw()) : !detail::impl(store).owns(raw_of(item)))
        return Error(ErrorKind::Link, "import " + detail::quoted_import(imp.module, imp.name) + " belongs to a different Store");
      actual = detail::extern_type(item);
    }
    if (auto ok = detail::check_import(imp, actual); !ok) return ok.error();
    found.push_back(&it->second);
  }

  // One Func per host definition, however many imports name it, so that 100,000 imports of
  // fd_write cost one. (wasmtime makes a Func per import; no wasm code can tell the difference,
  // as funcrefs cannot be compared, but the embedder sees one handle where wasmtime gives two.)
  std::vector<Extern> imports;
  imports.reserve(found.size());
  {
    std::unordered_map<const Def*, Func> wrapped;
    for (const Def* def : found) {
      if (auto* host = std::get_if<HostDef>(def)) {
        auto [it, fresh] = wrapped.try_emplace(def);
        if (fresh) it->second = Func::wrap(store, host->type, host->fn);
        imports.emplace_back(it->second);
      } else {
        imports.push_back(std::get<Extern>(*def));
      }
    }
  }
  // Gone before the instance takes its share of each import, which would otherwise come on top.
  std::vector<const Def*>().swap(found);
  return detail::instantiate(store, module, imports);
}

}  // namespace stratus
