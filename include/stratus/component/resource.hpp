// Resource types the host defines, and the handles the host gives and receives.
//
// A host resource is a number the host chooses (its `rep`, typically an index into the
// host's own table of objects) behind a type the host defines once per Linker. Guests hold
// handles to it in their handle tables; host functions receive and return it as a
// ResourceHandle Val, and turn that into the rep with the functions below.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "stratus/component/val.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component {

namespace detail {
struct HostResourceType;
struct Access;
}  // namespace detail

// A host-defined resource type. Resource types are generative: every ResourceType::define
// makes a type distinct from all others; copies name the same type.
class ResourceType {
 public:
  // Runs when the last owning handle to a resource of this type is dropped (by the guest's
  // resource.drop, by the host's resource_drop, or when a Store ends holding it). An Error
  // fails the drop the way a host function's Error fails a call.
  using Destructor = std::function<Result<void>(Store& store, uint32_t rep)>;

  // `name` is for messages; the type is bound to an import name by LinkerInstance::resource.
  static ResourceType define(std::string name, Destructor destructor);

  const std::string& name() const;
  bool operator==(const ResourceType& o) const { return impl_ == o.impl_; }

 private:
  friend struct detail::Access;
  explicit ResourceType(std::shared_ptr<const detail::HostResourceType> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const detail::HostResourceType> impl_;
};

// A new resource of `type` with representation `rep`, owned by the host until it is returned
// to (or passed into) a guest as an `own<T>` value.
Result<ResourceHandle> resource_new_own(Store& store, const ResourceType& type, uint32_t rep);

// The rep behind a handle a host function received (an own or a borrow), checking that it is
// a live handle of `type`: otherwise a Trap of kind InvalidResourceHandle.
Result<uint32_t> resource_rep(Store& store, const ResourceType& type, const ResourceHandle& handle);

// An `own<T>` the host received: removes the handle and returns the rep, which the host now
// owns outright (no destructor runs).
Result<uint32_t> resource_take_own(Store& store, const ResourceType& type, const ResourceHandle& handle);

// Drops a handle the host holds; dropping an own handle runs its type's destructor.
Result<void> resource_drop(Store& store, const ResourceHandle& handle);

}  // namespace stratus::component
