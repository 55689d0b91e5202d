// Lifting and lowering component values (CanonicalABI.md's lift_flat, lower_flat, load,
// store, lift_flat_values and lower_flat_values) between the host's dynamic Val and a guest.
//
// Flat values are 64-bit cells, as everywhere below the public API (docs/architecture.md,
// "Values and cells"): i32 zero-extended, i64 as is, f32 and f64 as their bits.
//
// A guest's bad value is a trap with a message saying what was wrong; a host Val that does
// not fit its type is an Argument error naming the type and what was found.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <span>
#include <type_traits>
#include <vector>

#include "component/abi/context.hpp"
#include "stratus/component/val.hpp"

namespace stratus::component::abi {

// Appends the flattening of `v` as `t` (CanonicalABI.md's lower_flat). Strings and lists are
// stored through realloc.
Result<void> lower_flat(LiftLowerContext& cx, const Val& v, ValType t, std::vector<uint64_t>& out);
// Lifts `t` from the cells at `cells[pos...]`, advancing `pos` past its flattening.
Result<Val> lift_flat(LiftLowerContext& cx, std::span<const uint64_t> cells, size_t& pos, ValType t);

// Stores `v` as `t` at `ptr`; a trap unless `ptr` is aligned for `t` and the value's bytes
// are in bounds.
Result<void> store(LiftLowerContext& cx, const Val& v, ValType t, uint32_t ptr);
// Loads a `t` from `ptr`, with the same checks.
Result<Val> load(LiftLowerContext& cx, ValType t, uint32_t ptr);

// A function's arguments and results as `canon lift` and `canon lower` pass them, with the
// spill rules of FuncLayout.
//
// canon lift (a call into the guest): the arguments, flat or in a realloc'd tuple...
Result<std::vector<uint64_t>> lower_arguments(LiftLowerContext& cx, const FuncLayout& f, std::span<const Val> args);
// ...and the result from the core function's flat results (a pointer when it spilled).
Result<std::optional<Val>> lift_result(LiftLowerContext& cx, const FuncLayout& f, std::optional<ValType> result,
                                       std::span<const uint64_t> flat_results);
// canon lower (a call out of the guest): the arguments from the core params (a pointer when
// they spilled; the trailing result pointer, if any, is not read)...
Result<std::vector<Val>> lift_arguments(LiftLowerContext& cx, const FuncLayout& f,
                                        std::span<const uint64_t> flat_params);
// ...and the result, flat, or stored at the result pointer the caller passed as its last param.
Result<std::vector<uint64_t>> lower_result(LiftLowerContext& cx, const FuncLayout& f, std::optional<ValType> result,
                                           const std::optional<Val>& value, std::span<const uint64_t> flat_params);

// Lists of numbers without a Val per element, for typed calls: one bounds check and one copy.
// `T` is the element type's C++ counterpart (uint8_t for list<u8>, double for list<f64>...).
struct GuestList {
  uint32_t ptr = 0;
  uint32_t length = 0;
};
Result<GuestList> lower_bytes(LiftLowerContext& cx, std::span<const uint8_t> bytes, uint32_t elem_size,
                              uint32_t align);
Result<std::span<const uint8_t>> guest_bytes(const LiftLowerContext& cx, GuestList list, uint32_t elem_size,
                                             uint32_t align);

template <class T>
Result<GuestList> lower_list_of(LiftLowerContext& cx, std::span<const T> elems) {
  static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>, "a number type");
  std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(elems.data()), elems.size_bytes());
  return lower_bytes(cx, bytes, sizeof(T), alignof(T));
}
template <class T>
Result<std::vector<T>> lift_list_of(const LiftLowerContext& cx, GuestList list) {
  static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>, "a number type");
  auto bytes = guest_bytes(cx, list, sizeof(T), alignof(T));
  if (!bytes) return bytes.error();
  std::vector<T> out(list.length);
  if (!bytes->empty()) std::memcpy(out.data(), bytes->data(), bytes->size());
  if constexpr (std::is_floating_point_v<T>) {
    for (T& x : out) {
      if (x != x) x = std::numeric_limits<T>::quiet_NaN();  // the spec's canonical NaN
    }
  }
  return out;
}

}  // namespace stratus::component::abi
