// Host resource types: declared for the WIT bindings; the handle table work is not done yet,
// so every operation reports that plainly instead of pretending.
#include "stratus/component/resource.hpp"

#include "stratus/component/linker.hpp"

namespace stratus::component {

namespace detail {
struct HostResourceType {
  std::string name;
  ResourceType::Destructor destructor;
};
}  // namespace detail

namespace {
Error not_yet(std::string_view what) {
  return Error(ErrorKind::Link, std::string(what) + ": host-defined resources are not implemented yet");
}
}  // namespace

ResourceType ResourceType::define(std::string name, Destructor destructor) {
  return ResourceType(std::make_shared<const detail::HostResourceType>(
      detail::HostResourceType{std::move(name), std::move(destructor)}));
}

const std::string& ResourceType::name() const { return impl_->name; }

Result<ResourceHandle> resource_new_own(Store&, const ResourceType&, uint32_t) { return not_yet("resource_new_own"); }
Result<uint32_t> resource_rep(Store&, const ResourceType&, const ResourceHandle&) { return not_yet("resource_rep"); }
Result<uint32_t> resource_take_own(Store&, const ResourceType&, const ResourceHandle&) {
  return not_yet("resource_take_own");
}
Result<void> resource_drop(Store&, const ResourceHandle&) { return not_yet("resource_drop"); }

Result<void> LinkerInstance::resource(std::string_view name, const ResourceType&) {
  return not_yet("LinkerInstance::resource(\"" + std::string(name) + "\")");
}

}  // namespace stratus::component
