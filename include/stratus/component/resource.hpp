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
#include <optional>
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
  // Runs when the owning handle to a resource of this type is dropped (by the guest's
  // resource.drop, by the host's resource_drop, or when a Store ends holding it), once per
  // resource. An Error fails the drop the way a host function's Error fails a call. At the
  // Store's end the handle tables are already gone (the resource_* functions see none) and an
  // Error or exception is ignored; the Store's other objects are still there.
  using Destructor = std::function<Result<void>(Store& store, uint32_t rep)>;

  // `name` is for messages; the type is bound to an import name by LinkerInstance::resource.
  static ResourceType define(std::string name, Destructor destructor);

  const std::string& name() const;
  bool operator==(const ResourceType& o) const { return impl_ == o.impl_; }

 private:
  friend struct detail::Access;
  friend class WeakResourceType;
  explicit ResourceType(std::shared_ptr<const detail::HostResourceType> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const detail::HostResourceType> impl_;
};

// A ResourceType that does not keep its type alive. A host that mints handles of a type
// outside a call (a stream of accepted sockets, say) holds the type this way: the type's
// destructor owns the host, so the host owning the type would be a cycle that is never freed.
// The Linker that defined the type, and the instances and handles made from it, keep it alive.
class WeakResourceType {
 public:
  WeakResourceType() = default;
  explicit WeakResourceType(const ResourceType& type) : impl_(type.impl_) {}
  // The type, or none once everything that kept it alive is gone.
  std::optional<ResourceType> lock() const {
    if (auto impl = impl_.lock()) return ResourceType(std::move(impl));
    return std::nullopt;
  }

 private:
  std::weak_ptr<const detail::HostResourceType> impl_;
};

// A new resource of `type` with representation `rep`, owned by the host until it is returned
// to (or passed into) a guest as an `own<T>` value.
Result<ResourceHandle> resource_new_own(Store& store, const ResourceType& type, uint32_t rep);

// The rep behind a handle a host function received (an own or a borrow), checking that it is
// a live handle of `type` held as the handle says (own or borrow): otherwise a Trap of kind
// InvalidResourceHandle naming the handle, so a host function can return it as it is. A
// borrow is live only during the call that received it.
Result<uint32_t> resource_rep(Store& store, const ResourceType& type, const ResourceHandle& handle);

// An `own<T>` the host received: removes the handle and returns the rep, which the host now
// owns outright (no destructor runs). The checks of resource_rep, and a borrow, or an own lent
// to a call in progress, is an InvalidResourceHandle Trap too.
Result<uint32_t> resource_take_own(Store& store, const ResourceType& type, const ResourceHandle& handle);

// Drops a handle the host holds; dropping an own handle runs its type's destructor, dropping a
// borrow ends it early. A handle the host does not hold, or one lent to a call in progress, is
// an ErrorKind::Argument error.
Result<void> resource_drop(Store& store, const ResourceHandle& handle);

}  // namespace stratus::component
