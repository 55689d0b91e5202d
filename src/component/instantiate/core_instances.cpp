#include "component/instantiate/core_instances.hpp"

#include "embed/compiled_module.hpp"
#include "embed/api_access.hpp"
#include "stratus/linker.hpp"

namespace stratus::component::detail {

Result<void> InstantiationBudget::admit(const Module& module) {
  if (core_instances_ >= limits_.max_core_instances_per_component)
    return Error(ErrorKind::Resource, "the component needs more than " +
                                          std::to_string(limits_.max_core_instances_per_component) +
                                          " core instances (max_core_instances_per_component)");
  const binary::Module& m = stratus::detail::impl(module).module;
  const uint64_t defined = m.memories.size() - m.num_imported_memories;
  if (memories_ + defined > limits_.max_memories_per_component)
    return Error(ErrorKind::Resource, "the component needs more than " +
                                          std::to_string(limits_.max_memories_per_component) +
                                          " linear memories (max_memories_per_component)");
  ++core_instances_;
  memories_ += defined;
  return {};
}

Result<stratus::Instance> instantiate_core(Store& store, const Module& module, std::span<const CoreArg> args,
                                  InstantiationBudget& budget) {
  if (auto ok = budget.admit(module); !ok) return ok.error();
  // Only the names the module imports are defined, so an argument instance with thousands
  // of exports costs nothing for the ones not used.
  stratus::Linker linker(store.engine());
  linker.allow_shadowing(true);  // a module may import one (module, name) twice
  for (const ImportDesc& imp : module.imports()) {
    const CoreArg* arg = nullptr;
    for (const CoreArg& a : args)
      if (a.name == imp.module) arg = &a;
    if (!arg) return Error(ErrorKind::Link, "core instantiation: no argument named \"" + imp.module + "\" for import \"" +
                                                imp.module + "\" \"" + imp.name + "\"");
    auto item = arg->instance->find(imp.name);
    if (!item) return Error(ErrorKind::Link, "core instantiation: argument \"" + imp.module + "\" has no export \"" + imp.name + "\"");
    if (auto ok = linker.define(imp.module, imp.name, *item); !ok) return ok.error();
  }
  return linker.instantiate(store, module);
}

}  // namespace stratus::component::detail
