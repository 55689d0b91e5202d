// The embedding layer's way to the internals behind the public handles. The public headers
// keep the constructors and accessors that take or give internals private and befriend
// detail::ApiAccess; code in src/embed (and the tests of the layers below) use the shorthands
// at the end of this file.
#pragma once

#include <memory>
#include <utility>

#include "stratus/engine.hpp"
#include "stratus/extern.hpp"
#include "stratus/instance.hpp"
#include "stratus/linker.hpp"
#include "stratus/module.hpp"
#include "stratus/store.hpp"

namespace stratus::detail {

struct CompiledModule;
struct InstancePreImpl;
struct StoreImpl;

struct ApiAccess {
  static EngineImpl& impl(const Engine& engine) { return *engine.impl_; }
  static StoreImpl& impl(const Store& store) { return *store.impl_; }
  static const CompiledModule& impl(const Module& module) { return *module.impl_; }
  static const std::shared_ptr<const CompiledModule>& shared_impl(const Module& module) { return module.impl_; }

  static Engine engine(std::shared_ptr<EngineImpl> impl) { return Engine(std::move(impl)); }
  static Module module(std::shared_ptr<const CompiledModule> impl) { return Module(std::move(impl)); }
  static InstancePre instance_pre(std::shared_ptr<const InstancePreImpl> impl) { return InstancePre(std::move(impl)); }
  static Caller caller(Store& store, exec::ModuleInst* instance) { return Caller(store, instance); }

  // A handle (Func, Memory, Table, Global, Instance) to an object of the execution layer.
  template <class Handle, class Object>
  static Handle handle(Object* object) {
    return Handle(object);
  }
};

inline EngineImpl& impl(const Engine& engine) { return ApiAccess::impl(engine); }
inline StoreImpl& impl(const Store& store) { return ApiAccess::impl(store); }
inline const CompiledModule& impl(const Module& module) { return ApiAccess::impl(module); }
inline const std::shared_ptr<const CompiledModule>& shared_impl(const Module& module) {
  return ApiAccess::shared_impl(module);
}
template <class Handle, class Object>
Handle handle(Object* object) {
  return ApiAccess::handle<Handle>(object);
}

}  // namespace stratus::detail
