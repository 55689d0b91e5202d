// The component layer's way to the internals behind its public handles (as
// stratus::detail::ApiAccess is the embedding layer's): the public headers keep the
// constructors and accessors that take or give internals private and befriend detail::Access.
#pragma once

#include <memory>
#include <utility>

#include "component/types/types.hpp"
#include "stratus/component/component.hpp"
#include "stratus/component/func.hpp"
#include "stratus/component/instance.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/component/resource.hpp"
#include "stratus/component/types.hpp"

namespace stratus::component::detail {

struct Access {
  static Component component(std::shared_ptr<const CompiledComponent> impl) { return Component(std::move(impl)); }
  static const CompiledComponent& impl(const Component& c) { return *c.impl_; }
  static const std::shared_ptr<const CompiledComponent>& shared(const Component& c) { return c.impl_; }

  static Func func(FuncRecord* f) { return Func(f); }
  static FuncRecord* impl(const Func& f) { return f.f_; }
  static Instance instance(InstanceRecord* i) { return Instance(i); }
  static InstanceRecord* impl(const Instance& i) { return i.i_; }

  static ComponentPre pre(std::shared_ptr<const ComponentPreImpl> impl) { return ComponentPre(std::move(impl)); }
  static const LinkerImpl& impl(const Linker& l) { return *l.impl_; }
  static const std::shared_ptr<const HostResourceType>& impl(const ResourceType& t) { return t.impl_; }

  static types::Type type(std::shared_ptr<const TypeTables> tables, ValType t) {
    return types::Type(std::move(tables), static_cast<types::Kind>(t.kind), t.index);
  }
  static ValType val_type(const types::Type& t) { return ValType{static_cast<ValKind>(t.kind_), t.index_}; }
  static const TypeTables& tables(const types::Type& t) { return *t.tables_; }
  static types::ComponentFunc func_type(std::shared_ptr<const TypeTables> tables, FuncTypeId id) {
    return types::ComponentFunc(std::move(tables), id.index);
  }
  static const TypeTables& tables(const types::ComponentFunc& f) { return *f.tables_; }
  static const std::shared_ptr<const TypeTables>& shared_tables(const types::ComponentFunc& f) { return f.tables_; }
  static FuncTypeId id(const types::ComponentFunc& f) { return FuncTypeId{f.index_}; }
};

}  // namespace stratus::component::detail
