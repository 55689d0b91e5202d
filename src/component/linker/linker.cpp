#include "stratus/component/linker.hpp"

#include <string>

#include "component/api/access.hpp"
#include "component/linker/definitions.hpp"

namespace stratus::component {

namespace {

Error already_defined(std::string_view name) {
  return Error(ErrorKind::Link, "\"" + std::string(name) + "\" is already defined (see Linker::allow_shadowing)");
}

}  // namespace

Result<void> LinkerInstance::func_new(std::string_view name, HostFunc fn) {
  if (!fn) return Error(ErrorKind::Link, "func_new \"" + std::string(name) + "\": the function is empty");
  detail::Definition def;
  def.kind = detail::Definition::Kind::Func;
  def.func = std::make_shared<const HostFunc>(std::move(fn));
  if (!defs_->items.insert(name, std::move(def), linker_->allow_shadowing)) return already_defined(name);
  return {};
}

Result<void> LinkerInstance::resource(std::string_view name, const ResourceType& type) {
  if (!detail::Access::impl(type))
    return Error(ErrorKind::Link, "resource \"" + std::string(name) + "\": the ResourceType was moved from");
  detail::Definition def;
  def.kind = detail::Definition::Kind::Resource;
  def.resource = detail::Access::impl(type);
  if (!defs_->items.insert(name, std::move(def), linker_->allow_shadowing)) return already_defined(name);
  return {};
}

Result<LinkerInstance> LinkerInstance::instance(std::string_view name) {
  if (detail::Definition* existing = defs_->items.find_exact(name)) {
    if (existing->kind != detail::Definition::Kind::Instance) {
      if (!linker_->allow_shadowing)
        return Error(ErrorKind::Link, "\"" + std::string(name) + "\" is already defined as " +
                                          (existing->kind == detail::Definition::Kind::Func ? "a function" : "a resource type"));
      existing->kind = detail::Definition::Kind::Instance;
      existing->func.reset();
      existing->resource.reset();
      existing->instance = std::make_shared<detail::Definitions>();
    }
    return LinkerInstance(linker_, existing->instance.get());
  }
  detail::Definition def;
  def.kind = detail::Definition::Kind::Instance;
  def.instance = std::make_shared<detail::Definitions>();
  detail::Definitions* inner = def.instance.get();
  defs_->items.insert(name, std::move(def), false);
  return LinkerInstance(linker_, inner);
}

Linker::Linker(const Engine& engine) : impl_(std::make_shared<detail::LinkerImpl>(engine)) {}

LinkerInstance Linker::root() { return LinkerInstance(impl_.get(), &impl_->root); }

Result<LinkerInstance> Linker::instance(std::string_view name) { return root().instance(name); }

void Linker::allow_shadowing(bool allow) { impl_->allow_shadowing = allow; }

}  // namespace stratus::component
