// Host resource types and the host's side of their handles: the Store's table of what the
// host holds (host_resources.hpp), checked on every use, since the handle a host function
// received came from a guest.
#include "stratus/component/resource.hpp"

#include <string>

#include "component/abi/traps.hpp"
#include "component/api/access.hpp"
#include "component/api/host_resource_type.hpp"
#include "component/instantiate/host_resources.hpp"
#include "stratus/component/linker.hpp"

namespace stratus::component {

namespace {

std::string describe(const ResourceHandle& h) {
  return std::string(h.own ? "own" : "borrow") + " handle " + std::to_string(h.index);
}

// The live entry behind `handle`, of `type`: otherwise a trap, as the guest that passed it
// would get from the canonical ABI.
Result<abi::HandleEntry*> checked_entry(Store& store, const ResourceType& type, const ResourceHandle& handle) {
  detail::StoreResources& resources = detail::store_resources(store);
  auto entry = resources.host_handles.get(handle.index);
  if (!entry)
    return abi::handle_trap("resource " + describe(handle) + " is not held by the host (never made, dropped, or a "
                            "borrow whose call has ended)");
  const abi::RuntimeResourceType* want = detail::find_host_runtime_type(resources, *detail::Access::impl(type));
  if ((*entry)->type != want || !want) {
    const std::string held = (*entry)->type && !(*entry)->type->name.empty() ? (*entry)->type->name : "another resource";
    return abi::handle_trap("resource " + describe(handle) + " is a `" + held + "` where a `" + type.name() +
                            "` was expected");
  }
  if ((*entry)->own != handle.own)
    return abi::handle_trap("resource " + describe(handle) + " is held as " + ((*entry)->own ? "an own" : "a borrow") +
                            ", not as the handle says");
  return *entry;
}

}  // namespace

ResourceType ResourceType::define(std::string name, Destructor destructor) {
  return ResourceType(std::make_shared<const detail::HostResourceType>(
      detail::HostResourceType{std::move(name), std::move(destructor)}));
}

const std::string& ResourceType::name() const { return impl_->name; }

Result<ResourceHandle> resource_new_own(Store& store, const ResourceType& type, uint32_t rep) {
  detail::StoreResources& resources = detail::store_resources(store);
  const abi::RuntimeResourceType& rt = detail::host_runtime_type(resources, detail::Access::impl(type));
  auto index = resources.host_handles.add(abi::HandleEntry{&rt, rep, true, 0, nullptr});
  if (!index) return index.error();
  return ResourceHandle{*index, true};
}

Result<uint32_t> resource_rep(Store& store, const ResourceType& type, const ResourceHandle& handle) {
  auto entry = checked_entry(store, type, handle);
  if (!entry) return entry.error();
  return (*entry)->rep;
}

Result<uint32_t> resource_take_own(Store& store, const ResourceType& type, const ResourceHandle& handle) {
  auto entry = checked_entry(store, type, handle);
  if (!entry) return entry.error();
  if (!(*entry)->own)
    return abi::handle_trap("resource " + describe(handle) + " is a borrow; only an own handle can be taken");
  if ((*entry)->lends != 0)
    return abi::handle_trap("resource " + describe(handle) + " is lent to a call in progress and cannot be taken");
  auto removed = detail::store_resources(store).host_handles.remove(handle.index);
  if (!removed) return removed.error();
  return removed->rep;
}

Result<void> resource_drop(Store& store, const ResourceHandle& handle) {
  return abi::host_resource_drop(detail::store_resources(store).host_handles, handle.index);
}

}  // namespace stratus::component
