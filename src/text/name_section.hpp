// The "name" custom section a text's `$ids` give, as `wat2wasm --debug-names` (wabt 1.0.32)
// writes it: the module's name, function names, every function's local names (parameters
// first; an entry for each function, named or not), then the names of types, tables,
// memories, globals, element segments and data segments, each subsection only when it has
// a name (the local names always). wasm-tools (`wasm-tools parse`, `jco parse`) writes its own
// shape of the section: local names only for functions that name one, and label names.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "text/module_context.hpp"

namespace stratus::text {

using NameMap = std::vector<std::pair<uint32_t, std::string_view>>;  // by index

enum class NameStyle { Wabt, WasmTools };

struct TextNames {
  std::optional<std::string_view> module;
  std::vector<NameMap> locals;  // one per function of the index space, imports first
  std::vector<NameMap> labels;  // likewise: each block, loop and if of a body counts one label
};

// The section's content, after its name.
std::vector<uint8_t> name_section_content(const ModuleContext& module, const TextNames& names,
                                          NameStyle style = NameStyle::Wabt);

}  // namespace stratus::text
