// What function-body validation needs to know about the module around it, computed once.
#pragma once

#include <cstdint>
#include <vector>

#include "binary/module.hpp"

namespace stratus::validate {

struct ModuleContext {
  const binary::Module& module;
  // C.refs: functions that may appear in ref.func inside a body, because the module
  // mentions them outside function bodies (element segments, exports, global initializers).
  std::vector<bool> declared_funcs;
  // Number of data segments as the data count section states; absent means memory.init and
  // data.drop are not allowed at all.
  bool has_data_count = false;
  uint32_t num_data_segments = 0;
  // Each element segment's type, read once: the module keeps only where each segment starts,
  // and the type of an active one comes after its offset expression, of any length.
  std::vector<ValType> elem_types;

  uint32_t num_funcs() const { return static_cast<uint32_t>(module.func_types.size()); }
  uint32_t num_globals() const { return static_cast<uint32_t>(module.global_types.size()); }
  uint32_t num_tables() const { return static_cast<uint32_t>(module.tables.size()); }
  uint32_t num_memories() const { return static_cast<uint32_t>(module.memories.size()); }
  uint32_t num_types() const { return static_cast<uint32_t>(module.types.size()); }
  uint32_t num_elems() const { return static_cast<uint32_t>(module.element_segments.size()); }
};

}  // namespace stratus::validate
