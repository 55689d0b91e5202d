#include "component/instantiate/core_instances.hpp"

#include <algorithm>

#include "embed/compiled_module.hpp"
#include "embed/api_access.hpp"
#include "embed/import_check.hpp"
#include "embed/instance_exports.hpp"
#include "embed/instantiate.hpp"

namespace stratus::component::detail {

std::optional<Extern> CoreInstanceItem::at(uint32_t position) const {
  if (instance) return stratus::detail::export_at(*instance, position);
  if (position < exports.size()) return exports[position].second;
  return std::nullopt;
}

namespace {

Error no_argument(const binary::ImportNames& imp) {
  return Error(ErrorKind::Link, "core instantiation: no argument named \"" + std::string(imp.module) +
                                    "\" for import \"" + std::string(imp.module) + "\" \"" + std::string(imp.name) + "\"");
}

Error no_export(const binary::ImportNames& imp) {
  return Error(ErrorKind::Link, "core instantiation: argument \"" + std::string(imp.module) + "\" has no export \"" +
                                    std::string(imp.name) + "\"");
}

}  // namespace

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
  // Each import is looked up in its argument instance and checked as stratus::Linker would,
  // then the imports go to the instantiation in order: no name map is built for them. Every
  // argument is an instance of this Store, made by this instantiation.
  const stratus::detail::CompiledModule& cm = stratus::detail::impl(module);
  const std::vector<binary::Import>& declared = cm.module.imports;
  std::vector<Extern> imports;
  imports.reserve(declared.size());
  for (size_t i = 0; i < declared.size(); ++i) {
    const binary::ImportNames imp = cm.module.import_names(i);
    const CoreArg* arg = nullptr;
    for (const CoreArg& a : args)
      if (a.name == imp.module) arg = &a;
    if (!arg) return no_argument(imp);
    auto item = arg->instance->find(imp.name);
    if (!item) return no_export(imp);
    if (auto ok = stratus::detail::check_import(stratus::detail::import_desc(cm, i), stratus::detail::extern_type(*item)); !ok)
      return ok.error();
    imports.push_back(std::move(*item));
  }
  return stratus::detail::instantiate(store, module, imports);
}

Result<stratus::Instance> instantiate_core(Store& store, const Module& module, const CoreInstancePlan& plan,
                                           std::span<const CoreInstanceItem* const> args,
                                           InstantiationBudget& budget) {
  if (auto ok = budget.admit(module); !ok) return ok.error();
  const stratus::detail::CompiledModule& cm = stratus::detail::impl(module);
  const std::vector<binary::Import>& declared = cm.module.imports;
  // Small enough for the stack in the common case.
  constexpr size_t kInline = 32;
  Extern inline_imports[kInline];
  std::vector<Extern> heap_imports;
  std::span<Extern> imports(inline_imports, std::min(declared.size(), kInline));
  if (declared.size() > kInline) {
    heap_imports.resize(declared.size());
    imports = heap_imports;
  }
  for (size_t i = 0; i < declared.size(); ++i) {
    const CoreImportSource& source = plan.imports[i];
    if (source.arg == kNotFound || source.arg >= args.size()) return no_argument(cm.module.import_names(i));
    auto item = source.item == kNotFound ? std::nullopt : args[source.arg]->at(source.item);
    if (!item) return no_export(cm.module.import_names(i));
    if (!stratus::detail::import_fits(cm, i, *item)) [[unlikely]] {
      if (auto ok = stratus::detail::check_import(stratus::detail::import_desc(cm, i), stratus::detail::extern_type(*item)); !ok)
        return ok.error();
    }
    imports[i] = std::move(*item);
  }
  return stratus::detail::instantiate(store, module, imports);
}

}  // namespace stratus::component::detail
