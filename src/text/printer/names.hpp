// The $ids a printed module uses, from its name section: the module's, its functions' and
// their locals'. A name is used only when it is a valid id of at most 1,000 bytes and no
// other item of its index space (the module's functions, one function's locals) has it;
// otherwise that item is printed by index, so the printed text always parses and names what
// the binary does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "binary/module.hpp"

namespace stratus::text::printer {

class Names {
 public:
  // No names at all when `use_names` is false.
  Names(const binary::Module& module, bool use_names);

  std::optional<std::string_view> module_id() const { return module_; }
  std::optional<std::string_view> func_id(uint32_t func) const;
  std::optional<std::string_view> local_id(uint32_t func, uint32_t local) const;
  // A reference to the item: `$name` when it has an id, else its index.
  std::string func_ref(uint32_t func) const;
  std::string local_ref(uint32_t func, uint32_t local) const;

 private:
  using NameList = std::vector<std::pair<uint32_t, std::string_view>>;  // ascending index, usable ids only
  void read_local_names(const binary::Module& module);

  std::optional<std::string_view> module_;
  NameList funcs_;
  std::unordered_map<uint32_t, NameList> locals_;
};

// Whether `name` may be written as `$name`: non-empty, of the text format's id characters only.
bool is_plain_id(std::string_view name);

}  // namespace stratus::text::printer
