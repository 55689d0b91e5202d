#include "stratus/component/instance.hpp"

#include "component/api/access.hpp"
#include "component/instantiate/records.hpp"

namespace stratus::component {

namespace {

std::optional<Func> func_in(const detail::InstanceRecord& inst, std::string_view name) {
  const detail::Item* item = inst.find(name);
  if (!item || !item->func) return std::nullopt;
  return detail::Access::func(item->func);
}

// `iface#name` or `iface/name`: the function `name` of the exported instance `iface`.
std::optional<Func> qualified(const detail::InstanceRecord& root, std::string_view name, char separator) {
  for (size_t at = name.rfind(separator); at != std::string_view::npos && at > 0;
       at = name.rfind(separator, at - 1)) {
    const detail::Item* inst = root.find(name.substr(0, at));
    if (inst && inst->instance) return func_in(*inst->instance, name.substr(at + 1));
    if (at == 0) break;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Func> Instance::get_func(std::string_view name) const {
  if (!i_) return std::nullopt;
  if (auto f = func_in(*i_, name)) return f;
  if (auto f = qualified(*i_, name, '#')) return f;
  if (auto f = qualified(*i_, name, '/')) return f;
  // A bare name exported by exactly one exported instance.
  std::optional<Func> found;
  for (const auto& [n, item] : i_->exports) {
    if (!item.instance) continue;
    if (auto f = func_in(*item.instance, name)) {
      if (found) return std::nullopt;  // ambiguous
      found = f;
    }
  }
  return found;
}

std::vector<std::string> Instance::export_names() const {
  std::vector<std::string> out;
  if (!i_) return out;
  for (const auto& [n, item] : i_->exports) out.emplace_back(n);
  return out;
}

}  // namespace stratus::component
