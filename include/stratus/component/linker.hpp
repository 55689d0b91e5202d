// Host definitions by interface and name, and the instantiation of components against them.
//
// Import names are matched as wasmtime's component linker matches them: the exact name
// first, then any semver-compatible definition, the newest of them: an instance defined as
// `wasi:http/types@0.2.10` serves imports of `wasi:http/types@0.2.0` to `@0.2.x` (and of a
// later 0.2 patch too); for versions 1.0 and above the major version must match, for 0.x the
// minor; 0.0.x versions and pre-releases match exactly only.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "stratus/component/async.hpp"
#include "stratus/component/component.hpp"
#include "stratus/component/instance.hpp"
#include "stratus/component/resource.hpp"
#include "stratus/component/val.hpp"
#include "stratus/engine.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component {

namespace detail {
struct LinkerImpl;
struct Definitions;
struct ComponentPreImpl;
struct Access;
}  // namespace detail

// A host function with a dynamic signature: `params` are lifted from the caller by the type
// of the import it serves; `results` starts empty and receives the one result, if the type
// has one. An Error fails the call: one of kind Trap is propagated as that trap, any other
// becomes a HostTrap with its message.
using HostFunc = std::function<Result<void>(Store& store, std::span<const Val> params, std::vector<Val>& results)>;

// A component with its imports resolved and checked once (Linker::instantiate_pre):
// instantiate() does no name lookups. Copies share one template; thread-safe for any number
// of Stores.
class ComponentPre {
 public:
  Result<Instance> instantiate(Store& store) const;
  const Component& component() const;

 private:
  friend struct detail::Access;
  explicit ComponentPre(std::shared_ptr<const detail::ComponentPreImpl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const detail::ComponentPreImpl> impl_;
};

// The definitions under one name: the root, or an instance such as `wasi:cli/stdout@0.2.0`.
// Valid while its Linker lives.
class Linker;

class LinkerInstance {
 public:
  // A function `name` of this instance. Redefining a name is an ErrorKind::Link error
  // unless the Linker allows shadowing.
  Result<void> func_new(std::string_view name, HostFunc fn);
  // An async host function (stratus/component/async.hpp): it may end its call later.
  Result<void> func_new_async(std::string_view name, AsyncHostFunc fn);
  // The nested instance `name`, made empty on first use.
  Result<LinkerInstance> instance(std::string_view name);
  // The resource type export `name` (`(export "name" (type (sub resource)))` in the
  // importing component's instance type). The same ResourceType may be defined under several
  // names and instances (WIT's `use`): handles of it pass between them.
  Result<void> resource(std::string_view name, const ResourceType& type);

 private:
  friend struct detail::Access;
  friend class Linker;
  LinkerInstance(detail::LinkerImpl* linker, detail::Definitions* defs) : linker_(linker), defs_(defs) {}
  detail::LinkerImpl* linker_;
  detail::Definitions* defs_;
};

class Linker {
 public:
  explicit Linker(const Engine& engine);

  LinkerInstance root();
  // root().instance(name).
  Result<LinkerInstance> instance(std::string_view name);
  // By default redefining a name is an error.
  void allow_shadowing(bool allow);

  // ErrorKind::Link errors name the import that is missing or of the wrong kind; a trap
  // in a core start function or the component's start is an Error of kind Trap.
  Result<Instance> instantiate(Store& store, const Component& component) const;
  Result<ComponentPre> instantiate_pre(const Component& component) const;

 private:
  friend struct detail::Access;
  std::shared_ptr<detail::LinkerImpl> impl_;
};

}  // namespace stratus::component
