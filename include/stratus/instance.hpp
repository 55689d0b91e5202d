#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stratus/extern.hpp"

namespace stratus {

class Instance {
 public:
  Instance() = default;

  std::optional<Extern> get_export(std::string_view name) const;
  std::optional<Func> get_func(std::string_view name) const;
  std::optional<Memory> get_memory(std::string_view name) const;
  std::optional<Table> get_table(std::string_view name) const;
  std::optional<Global> get_global(std::string_view name) const;
  std::vector<std::pair<std::string, Extern>> exports() const;

  exec::ModuleInst* raw() const { return i_; }
  explicit operator bool() const { return i_ != nullptr; }

 private:
  friend struct detail::ApiAccess;
  explicit Instance(exec::ModuleInst* i) : i_(i) {}
  exec::ModuleInst* i_ = nullptr;
};

}  // namespace stratus
