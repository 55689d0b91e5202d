// InstancePre: imports resolved and type-checked once, instantiated many times cheaply.
#include <string>
#include <utility>
#include <vector>

#include "embed/compiled_module.hpp"
#include "embed/engine_impl.hpp"
#include "embed/host_func.hpp"
#include "embed/import_check.hpp"
#include "embed/instantiate.hpp"
#include "embed/store_impl.hpp"
#include "stratus/linker.hpp"

namespace stratus {

namespace detail {
struct InstancePreImpl {
  Module module;
  // Instances point at these, holding this InstancePre alive; complete before any does.
  std::vector<HostFuncRecord> imports;
};
}  // namespace detail

Result<InstancePre> Linker::instantiate_pre(const Module& module) const {
  if (&detail::impl(detail::impl(module).engine) != &detail::impl(engine_))
    return Error(ErrorKind::Link, "the module was compiled by a different Engine than the Linker's");
  auto pre = std::make_shared<detail::InstancePreImpl>(detail::InstancePreImpl{module, {}});
  const detail::CompiledModule& cm = detail::impl(module);
  for (size_t i = 0; i < cm.module.imports.size(); ++i) {
    const ImportDesc imp = detail::import_desc(cm, i);
    const std::string where = detail::quoted_import(imp.module, imp.name);
    auto it = defs_.find(std::make_pair(imp.module, imp.name));
    if (it == defs_.end()) return Error(ErrorKind::Link, "unknown import: " + where);
    auto* host = std::get_if<HostDef>(&it->second);
    if (!host)
      return Error(ErrorKind::Link, "import " + where +
                                        " is bound to one Store; an InstancePre can only use host functions "
                                        "defined with Linker::define_func");
    ExternType actual;
    actual.kind = ExternKind::Func;
    actual.func = host->type;
    if (auto ok = detail::check_import(imp, actual); !ok) return ok.error();
    pre->imports.emplace_back(detail::impl(engine_).types.intern(host->type), host->fn);
  }
  return detail::ApiAccess::instance_pre(std::move(pre));
}

const Module& InstancePre::module() const { return impl_->module; }

Result<Instance> InstancePre::instantiate(Store& store) const {
  const detail::InstancePreImpl& pre = *impl_;
  if (&detail::impl(detail::impl(pre.module).engine) != &detail::impl(store.engine()))
    return Error(ErrorKind::Link, "the InstancePre's module was compiled by a different Engine than the Store's");
  // Small enough for the stack in the common case, and no name lookups: only new FuncInsts.
  constexpr size_t kInline = 16;
  Extern inline_imports[kInline];
  std::vector<Extern> heap_imports;
  std::span<Extern> imports;
  if (pre.imports.size() <= kInline) {
    imports = std::span<Extern>(inline_imports, pre.imports.size());
  } else {
    heap_imports.resize(pre.imports.size());
    imports = heap_imports;
  }
  detail::StoreImpl& s = detail::impl(store);
  // The Store's functions point at this InstancePre's callables: one reference keeps them all.
  if (!pre.imports.empty() && (s.keep_alive.empty() || s.keep_alive.back() != impl_)) s.keep_alive.push_back(impl_);
  for (size_t i = 0; i < pre.imports.size(); ++i)
    imports[i] = detail::handle<Func>(s.new_host_func(pre.imports[i].type, &pre.imports[i].entry));
  return detail::instantiate(store, pre.module, imports);
}

}  // namespace stratus
