#include "stratus/instance.hpp"

#include "embed/api_access.hpp"
#include "embed/instance_exports.hpp"
#include "embed/store_impl.hpp"
#include "exec/objects.hpp"

namespace stratus {

namespace {
Extern extern_of(const exec::ModuleInst& inst, const binary::Export& e) {
  switch (e.kind) {
    case ExternKind::Func: return detail::handle<Func>(inst.func(e.index));
    case ExternKind::Table: return detail::handle<Table>(inst.tables[e.index]);
    case ExternKind::Memory: return detail::handle<Memory>(inst.memories[e.index]);
    case ExternKind::Global:
      return detail::handle<Global>(static_cast<detail::StoreImpl*>(inst.store)
                                        ->global_handle(inst.global_cells(e.index), inst.module->global_types[e.index]));
  }
  return Func();
}
}  // namespace

std::optional<Extern> Instance::get_export(std::string_view name) const {
  if (!i_) return std::nullopt;
  const binary::Module& m = *i_->module;
  for (const binary::Export& e : m.exports)
    if (m.name_at(e.name_offset) == name) return extern_of(*i_, e);
  return std::nullopt;
}

std::optional<Extern> detail::export_at(const Instance& instance, size_t position) {
  const exec::ModuleInst* inst = instance.raw();
  if (!inst || position >= inst->module->exports.size()) return std::nullopt;
  return extern_of(*inst, inst->module->exports[position]);
}

namespace {
template <class T>
std::optional<T> get_as(const Instance& instance, std::string_view name) {
  auto e = instance.get_export(name);
  if (!e || !std::holds_alternative<T>(*e)) return std::nullopt;
  return std::get<T>(*e);
}
}  // namespace

std::optional<Func> Instance::get_func(std::string_view name) const { return get_as<Func>(*this, name); }
std::optional<Memory> Instance::get_memory(std::string_view name) const { return get_as<Memory>(*this, name); }
std::optional<Table> Instance::get_table(std::string_view name) const { return get_as<Table>(*this, name); }
std::optional<Global> Instance::get_global(std::string_view name) const { return get_as<Global>(*this, name); }

std::vector<std::pair<std::string, Extern>> Instance::exports() const {
  std::vector<std::pair<std::string, Extern>> out;
  if (!i_) return out;
  out.reserve(i_->module->exports.size());
  const binary::Module& m = *i_->module;
  for (const binary::Export& e : m.exports) out.emplace_back(m.name_at(e.name_offset), extern_of(*i_, e));
  return out;
}

std::optional<Extern> Caller::get_export(std::string_view name) const {
  if (!instance_) return std::nullopt;
  return detail::handle<Instance>(instance_).get_export(name);
}

std::optional<Memory> Caller::memory() const {
  if (!instance_ || !instance_->memory0()) return std::nullopt;
  return detail::handle<Memory>(instance_->memory0());
}

}  // namespace stratus
