// Linker::instantiate and instantiate_pre, and ComponentPre::instantiate.
#include <memory>

#include "component/api/access.hpp"
#include "component/api/compiled_component.hpp"
#include "component/instantiate/instantiate.hpp"
#include "component/linker/definitions.hpp"
#include "embed/api_access.hpp"
#include "embed/raw_host_func.hpp"
#include "stratus/component/linker.hpp"

namespace stratus::component {

Result<ComponentPre> Linker::instantiate_pre(const Component& component) const {
  const auto& compiled = detail::Access::shared(component);
  if (&stratus::detail::impl(compiled->engine) != &stratus::detail::impl(impl_->engine))
    return Error(ErrorKind::Link, "the component was compiled by a different Engine than the Linker's");
  auto imports = detail::resolve_imports(*compiled, impl_->root);
  if (!imports) return imports.error();
  using V = stratus::ValType;
  auto pre = std::make_shared<detail::ComponentPreImpl>(detail::ComponentPreImpl{
      compiled, component, std::move(imports).value(), detail::plan_component(*compiled),
      detail::lowered_signatures(*compiled),
      stratus::detail::intern_func_type(compiled->engine, stratus::FuncType{{V::I32}, {V::I32}}),
      stratus::detail::intern_func_type(compiled->engine, stratus::FuncType{{V::I32}, {}})});
  return detail::Access::pre(std::move(pre));
}

Result<Instance> Linker::instantiate(Store& store, const Component& component) const {
  auto pre = instantiate_pre(component);
  if (!pre) return pre.error();
  return pre->instantiate(store);
}

Result<Instance> ComponentPre::instantiate(Store& store) const {
  if (&stratus::detail::impl(impl_->component->engine) != &stratus::detail::impl(store.engine()))
    return Error(ErrorKind::Link, "the component was compiled by a different Engine than the Store's");
  auto record = detail::instantiate(store, impl_);
  if (!record) return record.error();
  return detail::Access::instance(*record);
}

const Component& ComponentPre::component() const { return impl_->handle; }

}  // namespace stratus::component
