// Resolves a module's imports by (module, name) and instantiates it into a Store.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <variant>

#include "stratus/engine.hpp"
#include "stratus/extern.hpp"
#include "stratus/host_func.hpp"
#include "stratus/instance.hpp"
#include "stratus/module.hpp"
#include "stratus/result.hpp"

namespace stratus {

namespace detail { struct InstancePreImpl; }

// A module with its imports resolved and type-checked once (see Linker::instantiate_pre):
// instantiating from it does no name lookups or type checks, so a fresh instance per
// invocation stays cheap. Copies share one template; thread-safe for any number of Stores.
class InstancePre {
 public:
  Result<Instance> instantiate(Store& store) const;
  const Module& module() const;

 private:
  friend struct detail::ApiAccess;
  explicit InstancePre(std::shared_ptr<const detail::InstancePreImpl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const detail::InstancePreImpl> impl_;
};

class Linker {
 public:
  explicit Linker(const Engine& engine);

  // Items bound to a Store; only usable to instantiate into that Store.
  Result<void> define(const std::string& module, const std::string& name, Extern item);
  // Every export of `instance` under `module`.
  Result<void> define_instance(const std::string& module, const Instance& instance);
  // A host function independent of any Store: materialized in each Store at instantiation.
  Result<void> define_func(const std::string& module, const std::string& name, FuncType type, HostFunc fn);
  // define_func with the wasm type deduced from `fn`'s C++ signature (see host_func.hpp):
  //   linker.func_wrap("env", "add", [](int32_t a, int32_t b) { return a + b; });
  template <class F>
  Result<void> func_wrap(const std::string& module, const std::string& name, F fn) {
    return define_func(module, name, detail::HostSignature<F>::type(), detail::wrap_host(std::move(fn)));
  }
  // By default redefining a name is an error.
  void allow_shadowing(bool allow) { allow_shadowing_ = allow; }

  // Link errors name the import (`unknown import: "m" "n"`, `incompatible import type ...`);
  // a trap while initializing segments or in the start function is an Error of kind Trap.
  Result<Instance> instantiate(Store& store, const Module& module) const;
  // Resolves every import now for instantiation into any Store later. Imports must be host
  // functions from define_func: items bound to one Store cannot serve others.
  Result<InstancePre> instantiate_pre(const Module& module) const;

 private:
  struct HostDef {
    FuncType type;
    HostFunc fn;
  };
  using Def = std::variant<Extern, HostDef>;
  Engine engine_;
  std::map<std::pair<std::string, std::string>, Def, std::less<>> defs_;
  bool allow_shadowing_ = false;
};

}  // namespace stratus
