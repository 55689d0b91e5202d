#include "exec/translate.hpp"

#include <algorithm>
#include <new>

#include "exec/interp/code.hpp"
#include "exec/objects.hpp"

namespace stratus::exec {

uint32_t CompiledFunc::wasm_offset_at(const Slot* pc) const {
  const std::span<const PcMapEntry> map = pc_map();
  if (!code || pc < code || pc >= code + code_slots || map.empty()) return 0;
  const auto rel = static_cast<uint32_t>(pc - code);
  auto it = std::upper_bound(map.begin(), map.end(), rel,
                             [](uint32_t v, const PcMapEntry& e) { return v < e.code_slot; });
  if (it == map.begin()) return map.front().wasm_offset;
  return std::prev(it)->wasm_offset;
}

}  // namespace stratus::exec
