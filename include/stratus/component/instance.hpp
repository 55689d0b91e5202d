// An instantiated component. It lives as long as the Store it was instantiated into.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stratus/component/func.hpp"

namespace stratus::component {

namespace detail {
struct InstanceRecord;
struct Access;
}  // namespace detail

class Instance {
 public:
  Instance() = default;

  // A function export by name: `name` at the top level; `iface#name` (or `iface/name`
  // when no export is named `iface`) for one inside an exported instance, as in
  // `wasi:cli/run@0.2.0#run`, the form wasmtime's `--invoke` takes. A bare name that no
  // top-level function has is looked for in the exported instances, and found when exactly
  // one of them exports a function of that name.
  std::optional<Func> get_func(std::string_view name) const;
  // The top-level export names, in export order.
  std::vector<std::string> export_names() const;

  explicit operator bool() const { return i_ != nullptr; }

 private:
  friend struct detail::Access;
  explicit Instance(detail::InstanceRecord* i) : i_(i) {}
  detail::InstanceRecord* i_ = nullptr;
};

}  // namespace stratus::component
