// The kinds of index a component refers to (the component model's Binary.md `sort`, with
// `core:sort` folded in) and their bytes: the one table the component decoder reads and the
// component text format writes. Listed in the order wasm-tools writes their names in a
// component-name section.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace stratus::binary {

enum class ComponentSort : uint8_t {
  CoreFunc,
  CoreTable,
  CoreMemory,
  CoreGlobal,
  CoreTag,
  CoreType,
  CoreModule,
  CoreInstance,
  Func,
  Value,
  Type,
  Component,
  Instance,
};
inline constexpr size_t kComponentSortCount = 13;

constexpr bool is_core(ComponentSort s) { return s <= ComponentSort::CoreInstance; }

// A core sort's byte (`func` 0x00 ... `instance` 0x12); `s` is a core sort.
constexpr uint8_t core_sort_byte(ComponentSort s) {
  const auto i = static_cast<uint8_t>(s);
  return i <= static_cast<uint8_t>(ComponentSort::CoreTag) ? i : static_cast<uint8_t>(0x10 + i - 5);
}

constexpr std::optional<ComponentSort> core_sort_of_byte(uint8_t b) {
  if (b <= 0x04) return static_cast<ComponentSort>(b);
  if (b >= 0x10 && b <= 0x12) return static_cast<ComponentSort>(b - 0x10 + 5);
  return std::nullopt;
}

// A component-level sort's byte (`func` 0x01 ... `instance` 0x05; 0x00 introduces a core
// sort); `s` is not a core sort.
constexpr uint8_t component_sort_byte(ComponentSort s) {
  return static_cast<uint8_t>(static_cast<uint8_t>(s) - static_cast<uint8_t>(ComponentSort::Func) + 1);
}

constexpr std::optional<ComponentSort> component_sort_of_byte(uint8_t b) {
  if (b >= 0x01 && b <= 0x05) return static_cast<ComponentSort>(b - 1 + static_cast<uint8_t>(ComponentSort::Func));
  return std::nullopt;
}

static_assert(core_sort_byte(ComponentSort::CoreType) == 0x10 && core_sort_byte(ComponentSort::CoreInstance) == 0x12);
static_assert(core_sort_of_byte(0x11) == ComponentSort::CoreModule && !core_sort_of_byte(0x05));
static_assert(component_sort_byte(ComponentSort::Instance) == 0x05);
static_assert(component_sort_of_byte(0x03) == ComponentSort::Type);

}  // namespace stratus::binary
