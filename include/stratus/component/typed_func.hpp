// Typed calls into a component: `TypedFunc<R(Args...)>` maps C++ types to WIT types, is
// checked once against the function's component type (Func::typed), and then lowers the
// arguments and lifts the result straight between C++ values and the guest's flat values or
// memory, with no Val in between.
//
// The C++ side of each WIT type is `WitValue<T>`:
//
//   bool, int8_t..uint64_t, float, double  bool, s8..u64, f32, f64
//   char32_t                               char
//   std::string (std::string_view: params) string
//   std::vector<T>                         list<T>
//   std::optional<T>                       option<T>
//   bindings::WitResult<T, E>              result<T, E> (std::monostate: no payload)
//   std::tuple<T...>                       tuple<T...>
//   FlagSet<"a", "b", ...>                 flags { a, b, ... } (at most 32)
//   a declared record, enum or variant     record, enum, variant:
//
//     struct Point { int32_t x; int32_t y; };
//     template <> struct stratus::component::WitValue<Point>
//         : WitRecord<Point, WitField<"x", &Point::x>, WitField<"y", &Point::y>> {};
//     enum class Color { Red, Green };  // values 0..n-1, in case order
//     template <> struct stratus::component::WitValue<Color> : WitEnum<Color, "red", "green"> {};
//     using Shape = std::variant<double, std::monostate>;  // alternatives in case order
//     template <> struct stratus::component::WitValue<Shape> : WitVariant<Shape, "circle", "none"> {};
//
// Names are part of the check: a record's fields, an enum's, a variant's cases and a flags
// type's labels must be the component's, in its order. Resources (own, borrow) are not
// mapped yet: use Func::call with Vals for them.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "stratus/component/bindings.hpp"
#include "stratus/component/func.hpp"
#include "stratus/component/types.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component {

// A string as a template argument (WitField<"x", ...>, WitEnum<T, "red", ...>).
template <size_t N>
struct FixedString {
  char chars[N] = {};
  constexpr FixedString(const char (&s)[N]) { std::copy_n(s, N, chars); }  // NOLINT: a literal converts
  constexpr std::string_view view() const { return {chars, N - 1}; }
};

// What a C++ type is checked against: the WIT type it stands for, by kind, names and
// children (a list's element; an option's payload; a result's ok and err; a tuple's, a
// record's or a variant's members), `absent` marking a payload a result or case lacks.
struct TypeShape {
  TypeShape(types::Kind k, bool is_absent = false, std::vector<std::string_view> member_names = {},
            std::vector<TypeShape> members = {})
      : kind(k), absent(is_absent), names(std::move(member_names)), children(std::move(members)) {}
  types::Kind kind;
  bool absent = false;
  std::vector<std::string_view> names;
  std::vector<TypeShape> children;
};

namespace detail {

// A typed call's view of the callee's guest, for lowering and lifting: its memory as it is
// now, and its realloc. Implemented over the canonical ABI's context (src/component/api).
class GuestAccess {
 public:
  // The memory base: re-read after every call that may run realloc (allocate, lower_*).
  uint8_t* base() const { return base_; }
  // `cabi_realloc(0, 0, align, size)`, its result checked to be aligned and in bounds.
  Result<uint32_t> allocate(uint32_t align, uint32_t size);
  // A trap unless [ptr, ptr + count * elem_size) lies in memory and ptr is aligned; `what`
  // names the value for the message ("list", "result").
  Result<void> check_range(uint32_t ptr, uint64_t count, uint32_t elem_size, uint32_t align,
                           const char* what) const;
  // A UTF-8 string lowered in the callee's string encoding: {ptr, length as the ABI passes it}.
  Result<std::pair<uint32_t, uint32_t>> lower_string(std::string_view utf8);
  Result<std::string> lift_string(uint32_t ptr, uint32_t tagged_length) const;
  // `count` elements of `elem_size` bytes copied into a fresh allocation: {ptr, count}.
  Result<std::pair<uint32_t, uint32_t>> lower_bytes(const void* data, size_t count, uint32_t elem_size,
                                                    uint32_t align);
  // A guest's value the canonical ABI rejects; a host value that does not fit its type.
  static Error trap(std::string message);
  static Error argument(std::string message);

  GuestAccess() = default;
  explicit GuestAccess(void* context);
  void refresh();

 private:
  void* context_ = nullptr;  // abi::LiftLowerContext
  uint8_t* base_ = nullptr;
};

inline constexpr uint32_t align_up(uint32_t offset, uint32_t align) { return (offset + align - 1) & ~(align - 1); }

// A discriminant's size for `cases` cases (CanonicalABI.md's discriminant_type).
inline constexpr uint32_t discriminant_size(size_t cases) { return cases <= 256 ? 1 : cases <= 65536 ? 2 : 4; }

template <class T>
void store_bytes(GuestAccess& g, uint32_t ptr, T v) {
  std::memcpy(g.base() + ptr, &v, sizeof v);
}
template <class T>
T load_bytes(const GuestAccess& g, uint32_t ptr) {
  T v;
  std::memcpy(&v, g.base() + ptr, sizeof v);
  return v;
}

// A discriminant of `Bytes` bytes in memory.
template <uint32_t Bytes>
struct Discriminant {
  using Word = std::conditional_t<Bytes == 1, uint8_t, std::conditional_t<Bytes == 2, uint16_t, uint32_t>>;
  static void store(GuestAccess& g, uint32_t ptr, uint32_t d) { store_bytes<Word>(g, ptr, static_cast<Word>(d)); }
  static uint32_t load(const GuestAccess& g, uint32_t ptr) { return load_bytes<Word>(g, ptr); }
};

inline bool valid_char(char32_t c) { return c < 0xD800 || (c > 0xDFFF && c < 0x110000); }
Error invalid_char_trap(uint32_t c);
Error invalid_char_argument(uint32_t c);
Error bad_discriminant(const char* kind, uint32_t d, size_t cases);

template <class T>
T canonical_nan(T x) {
  return x != x ? std::numeric_limits<T>::quiet_NaN() : x;  // the spec's canonical NaN
}

}  // namespace detail

// How the C++ type T crosses the canonical ABI as a WIT value. Each specialization gives
// `size`, `align`, `flat` (its flat value count), `shape()`, and
//   lower(GuestAccess&, const T&, uint64_t* cells)   the flat values into cells[0, flat)
//   store(GuestAccess&, const T&, uint32_t ptr)      into memory at ptr (in bounds, aligned)
//   lift(GuestAccess&, const uint64_t* cells)        -> Result<T>
//   load(GuestAccess&, uint32_t ptr)                 -> Result<T> (ptr in bounds, aligned)
template <class T>
struct WitValue;

template <class T, types::Kind K>
struct WitNumber {
  static constexpr uint32_t size = sizeof(T), align = alignof(T), flat = 1;
  static TypeShape shape() { return {K}; }
  static Result<void> lower(detail::GuestAccess&, T v, uint64_t* cells) {
    if constexpr (std::is_same_v<T, float>) cells[0] = std::bit_cast<uint32_t>(v);
    else if constexpr (std::is_same_v<T, double>) cells[0] = std::bit_cast<uint64_t>(v);
    else if constexpr (std::is_same_v<T, bool>) cells[0] = v ? 1 : 0;
    else if constexpr (sizeof(T) <= 4) cells[0] = static_cast<uint32_t>(static_cast<std::make_unsigned_t<T>>(v));
    else cells[0] = static_cast<uint64_t>(v);
    return {};
  }
  static Result<void> store(detail::GuestAccess& g, T v, uint32_t ptr) {
    if constexpr (std::is_same_v<T, bool>) detail::store_bytes<uint8_t>(g, ptr, v ? 1 : 0);
    else detail::store_bytes<T>(g, ptr, v);
    return {};
  }
  static Result<T> lift(detail::GuestAccess&, const uint64_t* cells) {
    if constexpr (std::is_same_v<T, float>) return detail::canonical_nan(std::bit_cast<float>(static_cast<uint32_t>(cells[0])));
    else if constexpr (std::is_same_v<T, double>) return detail::canonical_nan(std::bit_cast<double>(cells[0]));
    else if constexpr (std::is_same_v<T, bool>) return static_cast<uint32_t>(cells[0]) != 0;
    else return static_cast<T>(cells[0]);
  }
  static Result<T> load(detail::GuestAccess& g, uint32_t ptr) {
    if constexpr (std::is_same_v<T, bool>) return detail::load_bytes<uint8_t>(g, ptr) != 0;
    else if constexpr (std::is_floating_point_v<T>) return detail::canonical_nan(detail::load_bytes<T>(g, ptr));
    else return detail::load_bytes<T>(g, ptr);
  }
};

// clang-format off
template <> struct WitValue<bool> : WitNumber<bool, types::Kind::Bool> {};
template <> struct WitValue<int8_t> : WitNumber<int8_t, types::Kind::S8> {};
template <> struct WitValue<uint8_t> : WitNumber<uint8_t, types::Kind::U8> {};
template <> struct WitValue<int16_t> : WitNumber<int16_t, types::Kind::S16> {};
template <> struct WitValue<uint16_t> : WitNumber<uint16_t, types::Kind::U16> {};
template <> struct WitValue<int32_t> : WitNumber<int32_t, types::Kind::S32> {};
template <> struct WitValue<uint32_t> : WitNumber<uint32_t, types::Kind::U32> {};
template <> struct WitValue<int64_t> : WitNumber<int64_t, types::Kind::S64> {};
template <> struct WitValue<uint64_t> : WitNumber<uint64_t, types::Kind::U64> {};
template <> struct WitValue<float> : WitNumber<float, types::Kind::F32> {};
template <> struct WitValue<double> : WitNumber<double, types::Kind::F64> {};
// clang-format on

template <>
struct WitValue<char32_t> {
  static constexpr uint32_t size = 4, align = 4, flat = 1;
  static TypeShape shape() { return {types::Kind::Char}; }
  static Result<void> lower(detail::GuestAccess&, char32_t c, uint64_t* cells) {
    if (!detail::valid_char(c)) return detail::invalid_char_argument(static_cast<uint32_t>(c));
    cells[0] = static_cast<uint32_t>(c);
    return {};
  }
  static Result<void> store(detail::GuestAccess& g, char32_t c, uint32_t ptr) {
    if (!detail::valid_char(c)) return detail::invalid_char_argument(static_cast<uint32_t>(c));
    detail::store_bytes<uint32_t>(g, ptr, static_cast<uint32_t>(c));
    return {};
  }
  static Result<char32_t> lift(detail::GuestAccess&, const uint64_t* cells) { return check(static_cast<uint32_t>(cells[0])); }
  static Result<char32_t> load(detail::GuestAccess& g, uint32_t ptr) { return check(detail::load_bytes<uint32_t>(g, ptr)); }
  static Result<char32_t> check(uint32_t c) {
    if (!detail::valid_char(static_cast<char32_t>(c))) return detail::invalid_char_trap(c);
    return static_cast<char32_t>(c);
  }
};

// Strings as UTF-8 on the host; lowered in the callee's encoding.
template <class S>
struct WitStringOf {
  static constexpr uint32_t size = 8, align = 4, flat = 2;
  static TypeShape shape() { return {types::Kind::String}; }
  static Result<void> lower(detail::GuestAccess& g, std::string_view s, uint64_t* cells) {
    auto lowered = g.lower_string(s);
    if (!lowered) return lowered.error();
    cells[0] = lowered->first;
    cells[1] = lowered->second;
    return {};
  }
  static Result<void> store(detail::GuestAccess& g, std::string_view s, uint32_t ptr) {
    auto lowered = g.lower_string(s);
    if (!lowered) return lowered.error();
    detail::store_bytes<uint32_t>(g, ptr, lowered->first);
    detail::store_bytes<uint32_t>(g, ptr + 4, lowered->second);
    return {};
  }
  static Result<S> lift(detail::GuestAccess& g, const uint64_t* cells)
    requires std::is_same_v<S, std::string>
  {
    return g.lift_string(static_cast<uint32_t>(cells[0]), static_cast<uint32_t>(cells[1]));
  }
  static Result<S> load(detail::GuestAccess& g, uint32_t ptr)
    requires std::is_same_v<S, std::string>
  {
    return g.lift_string(detail::load_bytes<uint32_t>(g, ptr), detail::load_bytes<uint32_t>(g, ptr + 4));
  }
};
template <> struct WitValue<std::string> : WitStringOf<std::string> {};
// A parameter only: a lifted string needs storage of its own.
template <> struct WitValue<std::string_view> : WitStringOf<std::string_view> {};

template <class T>
struct WitValue<std::vector<T>> {
  using E = WitValue<T>;
  static constexpr uint32_t size = 8, align = 4, flat = 2;
  // Numbers cross as one copy: their memory layout is the host's (little-endian).
  // (Not bool or char32_t: each of those is checked.)
  static constexpr bool kBytewise =
      (std::is_floating_point_v<T> || (std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char32_t>)) &&
      sizeof(T) == E::size;
  static TypeShape shape() { return {types::Kind::List, false, {}, {E::shape()}}; }
  static Result<std::pair<uint32_t, uint32_t>> lower_elements(detail::GuestAccess& g, const std::vector<T>& v) {
    if constexpr (kBytewise) {
      return g.lower_bytes(v.data(), v.size(), E::size, E::align);
    } else {
      if (v.size() > ((1u << 28) - 1) / std::max<uint32_t>(E::size, 1)) {
        return detail::GuestAccess::argument("list of " + std::to_string(v.size()) +
                                             " elements is longer than the canonical ABI's limit");
      }
      auto ptr = g.allocate(E::align, static_cast<uint32_t>(v.size() * E::size));
      if (!ptr) return ptr.error();
      for (size_t i = 0; i < v.size(); ++i) {
        if (auto ok = E::store(g, v[i], *ptr + static_cast<uint32_t>(i * E::size)); !ok) return ok.error();
      }
      return std::pair<uint32_t, uint32_t>(*ptr, static_cast<uint32_t>(v.size()));
    }
  }
  static Result<void> lower(detail::GuestAccess& g, const std::vector<T>& v, uint64_t* cells) {
    auto list = lower_elements(g, v);
    if (!list) return list.error();
    cells[0] = list->first;
    cells[1] = list->second;
    return {};
  }
  static Result<void> store(detail::GuestAccess& g, const std::vector<T>& v, uint32_t ptr) {
    auto list = lower_elements(g, v);
    if (!list) return list.error();
    detail::store_bytes<uint32_t>(g, ptr, list->first);
    detail::store_bytes<uint32_t>(g, ptr + 4, list->second);
    return {};
  }
  static Result<std::vector<T>> lift_elements(detail::GuestAccess& g, uint32_t ptr, uint32_t length) {
    if (auto ok = g.check_range(ptr, length, E::size, E::align, "list"); !ok) return ok.error();
    std::vector<T> out;
    if constexpr (kBytewise) {
      out.resize(length);
      if (length != 0) std::memcpy(out.data(), g.base() + ptr, size_t{length} * E::size);
      if constexpr (std::is_floating_point_v<T>) {
        for (T& x : out) x = detail::canonical_nan(x);
      }
    } else {
      out.reserve(length);
      for (uint32_t i = 0; i < length; ++i) {
        auto e = E::load(g, ptr + i * E::size);
        if (!e) return e.error();
        out.push_back(std::move(*e));
      }
    }
    return out;
  }
  static Result<std::vector<T>> lift(detail::GuestAccess& g, const uint64_t* cells) {
    return lift_elements(g, static_cast<uint32_t>(cells[0]), static_cast<uint32_t>(cells[1]));
  }
  static Result<std::vector<T>> load(detail::GuestAccess& g, uint32_t ptr) {
    return lift_elements(g, detail::load_bytes<uint32_t>(g, ptr), detail::load_bytes<uint32_t>(g, ptr + 4));
  }
};

// A member of a record, tuple or variant: its layout among the others'.
namespace detail {

template <class... T>
struct Members {
  static constexpr uint32_t align = std::max({uint32_t{1}, WitValue<T>::align...});
  static constexpr uint32_t flat = (0 + ... + WitValue<T>::flat);
  static constexpr std::array<uint32_t, sizeof...(T)> offsets() {
    std::array<uint32_t, sizeof...(T)> out{};
    uint32_t at = 0;
    size_t i = 0;
    ((at = align_up(at, WitValue<T>::align), out[i++] = at, at += WitValue<T>::size), ...);
    return out;
  }
  static constexpr uint32_t end() {
    uint32_t at = 0;
    ((at = align_up(at, WitValue<T>::align) + WitValue<T>::size), ...);
    return at;
  }
  static constexpr uint32_t size = align_up(end(), align);
  static constexpr std::array<uint32_t, sizeof...(T)> flat_offsets() {
    std::array<uint32_t, sizeof...(T)> out{};
    uint32_t at = 0;
    size_t i = 0;
    ((out[i++] = at, at += WitValue<T>::flat), ...);
    return out;
  }
};

// A payload of a variant's case, an option's or a result's: T, or none (std::monostate).
template <class T>
struct Payload {
  using V = WitValue<T>;
  static constexpr uint32_t size = V::size, align = V::align, flat = V::flat;
  static TypeShape shape() { return V::shape(); }
};
template <>
struct Payload<std::monostate> {
  static constexpr uint32_t size = 0, align = 1, flat = 0;
  static TypeShape shape() { return {types::Kind::Bool, true}; }
};

// Variants, options, results and enums: a discriminant and one payload of `Cases...`.
template <class... Cases>
struct CaseLayout {
  static constexpr uint32_t disc = discriminant_size(sizeof...(Cases));
  static constexpr uint32_t max_align = std::max({uint32_t{1}, Payload<Cases>::align...});
  static constexpr uint32_t align = std::max(disc, max_align);
  static constexpr uint32_t payload_offset = align_up(disc, max_align);
  static constexpr uint32_t size = align_up(payload_offset + std::max({uint32_t{0}, Payload<Cases>::size...}), align);
  static constexpr uint32_t flat = 1 + std::max({uint32_t{0}, Payload<Cases>::flat...});

  static void store_discriminant(GuestAccess& g, uint32_t ptr, uint32_t d) { Discriminant<disc>::store(g, ptr, d); }
  static uint32_t load_discriminant(const GuestAccess& g, uint32_t ptr) { return Discriminant<disc>::load(g, ptr); }

  // Case `I` with payload `p` (absent for std::monostate). Flat: the discriminant, then the
  // payload's cells, then zeros up to the joined width (in cells, every join is the value's
  // own bits: i32 and f32 zero-extended, f64's bits).
  template <size_t I, class P>
  static Result<void> lower_case(GuestAccess& g, const P& p, uint64_t* cells) {
    std::fill(cells, cells + flat, uint64_t{0});
    cells[0] = I;
    if constexpr (!std::is_same_v<P, std::monostate>) return WitValue<P>::lower(g, p, cells + 1);
    return {};
  }
  template <size_t I, class P>
  static Result<void> store_case(GuestAccess& g, const P& p, uint32_t ptr) {
    store_discriminant(g, ptr, I);
    if constexpr (!std::is_same_v<P, std::monostate>) return WitValue<P>::store(g, p, ptr + payload_offset);
    return {};
  }
  template <class P>
  static Result<P> lift_payload(GuestAccess& g, const uint64_t* cells) {
    if constexpr (std::is_same_v<P, std::monostate>) return std::monostate{};
    else return WitValue<P>::lift(g, cells + 1);
  }
  template <class P>
  static Result<P> load_payload(GuestAccess& g, uint32_t ptr) {
    if constexpr (std::is_same_v<P, std::monostate>) return std::monostate{};
    else return WitValue<P>::load(g, ptr + payload_offset);
  }
};

}  // namespace detail

template <class T>
struct WitValue<std::optional<T>> {
  using L = detail::CaseLayout<std::monostate, T>;
  static constexpr uint32_t size = L::size, align = L::align, flat = L::flat;
  static TypeShape shape() { return {types::Kind::Option, false, {}, {WitValue<T>::shape()}}; }
  static Result<void> lower(detail::GuestAccess& g, const std::optional<T>& v, uint64_t* cells) {
    return v ? L::template lower_case<1>(g, *v, cells) : L::template lower_case<0>(g, std::monostate{}, cells);
  }
  static Result<void> store(detail::GuestAccess& g, const std::optional<T>& v, uint32_t ptr) {
    return v ? L::template store_case<1>(g, *v, ptr) : L::template store_case<0>(g, std::monostate{}, ptr);
  }
  static Result<std::optional<T>> from(uint32_t d, auto&& payload) {
    if (d == 0) return std::optional<T>();
    if (d != 1) return detail::bad_discriminant("option", d, 2);
    auto x = payload();
    if (!x) return x.error();
    return std::optional<T>(std::move(*x));
  }
  static Result<std::optional<T>> lift(detail::GuestAccess& g, const uint64_t* cells) {
    return from(static_cast<uint32_t>(cells[0]), [&] { return L::template lift_payload<T>(g, cells); });
  }
  static Result<std::optional<T>> load(detail::GuestAccess& g, uint32_t ptr) {
    return from(L::load_discriminant(g, ptr), [&] { return L::template load_payload<T>(g, ptr); });
  }
};

template <class T, class E>
struct WitValue<bindings::WitResult<T, E>> {
  using R = bindings::WitResult<T, E>;
  using L = detail::CaseLayout<T, E>;
  static constexpr uint32_t size = L::size, align = L::align, flat = L::flat;
  static TypeShape shape() {
    return {types::Kind::Result, false, {}, {detail::Payload<T>::shape(), detail::Payload<E>::shape()}};
  }
  static Result<void> lower(detail::GuestAccess& g, const R& v, uint64_t* cells) {
    return v.is_ok() ? L::template lower_case<0>(g, v.value(), cells) : L::template lower_case<1>(g, v.error(), cells);
  }
  static Result<void> store(detail::GuestAccess& g, const R& v, uint32_t ptr) {
    return v.is_ok() ? L::template store_case<0>(g, v.value(), ptr) : L::template store_case<1>(g, v.error(), ptr);
  }
  static Result<R> from(uint32_t d, auto&& ok, auto&& err) {
    if (d == 0) {
      auto x = ok();
      if (!x) return x.error();
      return R::ok(std::move(*x));
    }
    if (d != 1) return detail::bad_discriminant("result", d, 2);
    auto x = err();
    if (!x) return x.error();
    return R::err(std::move(*x));
  }
  static Result<R> lift(detail::GuestAccess& g, const uint64_t* cells) {
    return from(static_cast<uint32_t>(cells[0]), [&] { return L::template lift_payload<T>(g, cells); },
                [&] { return L::template lift_payload<E>(g, cells); });
  }
  static Result<R> load(detail::GuestAccess& g, uint32_t ptr) {
    return from(L::load_discriminant(g, ptr), [&] { return L::template load_payload<T>(g, ptr); },
                [&] { return L::template load_payload<E>(g, ptr); });
  }
};

// Records and tuples: members one after another. `Get` reads member I of a C++ value and
// `Make` builds one from lifted members.
namespace detail {

template <class Self, class... M>
struct Sequence {
  using Layout = Members<M...>;
  static constexpr uint32_t size = Layout::size, align = Layout::align, flat = Layout::flat;
  static constexpr auto offsets = Layout::offsets();
  static constexpr auto flat_offsets = Layout::flat_offsets();

  template <class T>
  static Result<void> lower(GuestAccess& g, const T& v, uint64_t* cells) {
    return each([&]<size_t I>() { return WitValue<std::tuple_element_t<I, std::tuple<M...>>>::lower(g, Self::template get<I>(v), cells + flat_offsets[I]); });
  }
  template <class T>
  static Result<void> store(GuestAccess& g, const T& v, uint32_t ptr) {
    return each([&]<size_t I>() { return WitValue<std::tuple_element_t<I, std::tuple<M...>>>::store(g, Self::template get<I>(v), ptr + offsets[I]); });
  }
  static auto lift(GuestAccess& g, const uint64_t* cells) {
    return build([&]<size_t I>() { return WitValue<std::tuple_element_t<I, std::tuple<M...>>>::lift(g, cells + flat_offsets[I]); });
  }
  static auto load(GuestAccess& g, uint32_t ptr) {
    return build([&]<size_t I>() { return WitValue<std::tuple_element_t<I, std::tuple<M...>>>::load(g, ptr + offsets[I]); });
  }

 private:
  template <class F>
  static Result<void> each(F&& f) {
    Result<void> r;
    [&]<size_t... I>(std::index_sequence<I...>) {
      (void)((r = f.template operator()<I>(), r.ok()) && ...);
    }(std::index_sequence_for<M...>{});
    return r;
  }
  template <class F>
  static auto build(F&& f) -> Result<decltype(Self::make(std::declval<M>()...))> {
    std::tuple<std::optional<M>...> parts;
    std::optional<Error> failed;
    [&]<size_t... I>(std::index_sequence<I...>) {
      (void)(([&] {
         auto x = f.template operator()<I>();
         if (!x) {
           failed = x.error();
           return false;
         }
         std::get<I>(parts).emplace(std::move(*x));
         return true;
       }()) && ...);
    }(std::index_sequence_for<M...>{});
    if (failed) return *failed;
    return [&]<size_t... I>(std::index_sequence<I...>) {
      return Self::make(std::move(*std::get<I>(parts))...);
    }(std::index_sequence_for<M...>{});
  }
};

template <class... T>
struct TupleMembers {
  template <size_t I>
  static const auto& get(const std::tuple<T...>& t) {
    return std::get<I>(t);
  }
  static std::tuple<T...> make(T... x) { return std::tuple<T...>(std::move(x)...); }
};

template <class C, class M>
M member_type_of(M C::*);

}  // namespace detail

template <class... T>
struct WitValue<std::tuple<T...>> : detail::Sequence<detail::TupleMembers<T...>, T...> {
  static TypeShape shape() { return {types::Kind::Tuple, false, {}, {WitValue<T>::shape()...}}; }
};

// A record field: its WIT name and the C++ member it is.
template <FixedString Name, auto Member>
struct WitField {
  static constexpr std::string_view name = Name.view();
  using Type = decltype(detail::member_type_of(Member));
  static constexpr auto member = Member;
};

namespace detail {
template <class T, class... F>
struct RecordMembers {
  template <size_t I>
  static const auto& get(const T& v) {
    return v.*(std::tuple_element_t<I, std::tuple<F...>>::member);
  }
  static T make(typename F::Type... x) {
    T out{};
    ((out.*(F::member) = std::move(x)), ...);
    return out;
  }
};
}  // namespace detail

template <class T, class... F>
struct WitRecord : detail::Sequence<detail::RecordMembers<T, F...>, typename F::Type...> {
  static TypeShape shape() {
    return {types::Kind::Record, false, {F::name...}, {WitValue<typename F::Type>::shape()...}};
  }
};

// An enum: a C++ enum whose values are 0..n-1 in case order.
template <class T, FixedString... Names>
struct WitEnum {
  static constexpr size_t kCases = sizeof...(Names);
  static constexpr uint32_t size = detail::discriminant_size(kCases), align = size, flat = 1;
  static TypeShape shape() { return {types::Kind::Enum, false, {Names.view()...}, {}}; }
  static Result<uint32_t> index(T v) {
    auto i = static_cast<uint64_t>(static_cast<std::underlying_type_t<T>>(v));
    if (i >= kCases) {
      return detail::GuestAccess::argument("enum value " + std::to_string(i) + " is not one of the type's " +
                                           std::to_string(kCases) + " cases");
    }
    return static_cast<uint32_t>(i);
  }
  static Result<void> lower(detail::GuestAccess&, T v, uint64_t* cells) {
    auto i = index(v);
    if (!i) return i.error();
    cells[0] = *i;
    return {};
  }
  static Result<void> store(detail::GuestAccess& g, T v, uint32_t ptr) {
    auto i = index(v);
    if (!i) return i.error();
    detail::Discriminant<size>::store(g, ptr, *i);
    return {};
  }
  static Result<T> from(uint32_t d) {
    if (d >= kCases) return detail::bad_discriminant("enum", d, kCases);
    return static_cast<T>(d);
  }
  static Result<T> lift(detail::GuestAccess&, const uint64_t* cells) { return from(static_cast<uint32_t>(cells[0])); }
  static Result<T> load(detail::GuestAccess& g, uint32_t ptr) {
    return from(detail::Discriminant<size>::load(g, ptr));
  }
};

// A flags value: bit i is label i.
template <FixedString... Names>
struct FlagSet {
  static_assert(sizeof...(Names) <= 32, "typed flags hold at most 32 labels");
  uint32_t bits = 0;
  bool operator==(const FlagSet&) const = default;
};

template <FixedString... Names>
struct WitValue<FlagSet<Names...>> {
  static constexpr size_t kLabels = sizeof...(Names);
  static constexpr uint32_t size = kLabels == 0 ? 0 : kLabels <= 8 ? 1 : kLabels <= 16 ? 2 : 4;
  static constexpr uint32_t align = std::max<uint32_t>(size, 1), flat = kLabels == 0 ? 0 : 1;
  static constexpr uint32_t kMask = kLabels == 32 ? ~uint32_t{0} : (uint32_t{1} << kLabels) - 1;
  static TypeShape shape() { return {types::Kind::Flags, false, {Names.view()...}, {}}; }
  static Result<void> check(uint32_t bits) {
    if (bits & ~kMask) {
      return detail::GuestAccess::argument("flags bits " + std::to_string(bits) + " name labels past the type's " +
                                           std::to_string(kLabels));
    }
    return {};
  }
  static Result<void> lower(detail::GuestAccess&, FlagSet<Names...> v, uint64_t* cells) {
    if (auto ok = check(v.bits); !ok) return ok;
    if constexpr (flat == 1) cells[0] = v.bits;
    return {};
  }
  static Result<void> store(detail::GuestAccess& g, FlagSet<Names...> v, uint32_t ptr) {
    if (auto ok = check(v.bits); !ok) return ok;
    if constexpr (size == 1) detail::store_bytes<uint8_t>(g, ptr, static_cast<uint8_t>(v.bits));
    else if constexpr (size == 2) detail::store_bytes<uint16_t>(g, ptr, static_cast<uint16_t>(v.bits));
    else if constexpr (size == 4) detail::store_bytes<uint32_t>(g, ptr, v.bits);
    return {};
  }
  // Bits past the last label are ignored on lift (src/component/abi/README.md).
  static Result<FlagSet<Names...>> lift(detail::GuestAccess&, const uint64_t* cells) {
    if constexpr (flat == 0) return FlagSet<Names...>{};
    else return FlagSet<Names...>{static_cast<uint32_t>(cells[0]) & kMask};
  }
  static Result<FlagSet<Names...>> load(detail::GuestAccess& g, uint32_t ptr) {
    if constexpr (size == 0) return FlagSet<Names...>{};
    else if constexpr (size == 1) return FlagSet<Names...>{detail::load_bytes<uint8_t>(g, ptr) & kMask};
    else if constexpr (size == 2) return FlagSet<Names...>{detail::load_bytes<uint16_t>(g, ptr) & kMask};
    else return FlagSet<Names...>{detail::load_bytes<uint32_t>(g, ptr) & kMask};
  }
};

namespace detail {
template <class... X>
std::variant<X...> variant_base(const std::variant<X...>*);
}  // namespace detail

// A variant: a std::variant (or a class derived from one) whose alternatives are the cases'
// payloads in case order, std::monostate for a case without one.
template <class T, FixedString... Names>
struct WitVariant {
  using Base = decltype(detail::variant_base(static_cast<const T*>(nullptr)));
  static_assert(std::variant_size_v<Base> == sizeof...(Names), "one name per alternative");
  template <size_t I>
  using Alt = std::variant_alternative_t<I, Base>;
  using L = decltype([]<size_t... I>(std::index_sequence<I...>) {
    return detail::CaseLayout<Alt<I>...>{};
  }(std::make_index_sequence<sizeof...(Names)>{}));
  static constexpr uint32_t size = L::size, align = L::align, flat = L::flat;

  static TypeShape shape() {
    return [&]<size_t... I>(std::index_sequence<I...>) {
      return TypeShape{types::Kind::Variant, false, {Names.view()...}, {detail::Payload<Alt<I>>::shape()...}};
    }(std::make_index_sequence<sizeof...(Names)>{});
  }
  static Result<void> lower(detail::GuestAccess& g, const T& v, uint64_t* cells) {
    return visit(v, [&]<size_t I>(const Alt<I>& p) { return L::template lower_case<I>(g, p, cells); });
  }
  static Result<void> store(detail::GuestAccess& g, const T& v, uint32_t ptr) {
    return visit(v, [&]<size_t I>(const Alt<I>& p) { return L::template store_case<I>(g, p, ptr); });
  }
  static Result<T> lift(detail::GuestAccess& g, const uint64_t* cells) {
    return make(static_cast<uint32_t>(cells[0]), [&]<size_t I>() { return L::template lift_payload<Alt<I>>(g, cells); });
  }
  static Result<T> load(detail::GuestAccess& g, uint32_t ptr) {
    return make(L::load_discriminant(g, ptr), [&]<size_t I>() { return L::template load_payload<Alt<I>>(g, ptr); });
  }

 private:
  template <class F>
  static Result<void> visit(const T& v, F&& f) {
    const Base& b = v;
    Result<void> r;
    [&]<size_t... I>(std::index_sequence<I...>) {
      (void)((b.index() == I ? (r = f.template operator()<I>(std::get<I>(b)), true) : false) || ...);
    }(std::make_index_sequence<sizeof...(Names)>{});
    return r;
  }
  template <class F>
  static Result<T> make(uint32_t d, F&& payload) {
    if (d >= sizeof...(Names)) return detail::bad_discriminant("variant", d, sizeof...(Names));
    std::optional<Result<T>> out;
    [&]<size_t... I>(std::index_sequence<I...>) {
      (void)((d == I ? ([&] {
         auto x = payload.template operator()<I>();
         if (!x) out.emplace(x.error());
         else out.emplace(T(std::in_place_index<I>, std::move(*x)));
       }(), true) : false) || ...);
    }(std::make_index_sequence<sizeof...(Names)>{});
    return std::move(*out);
  }
};

namespace detail {

// What a typed call needs of its signature, made once per TypedFunc type: how many flat
// cells its arguments and results take, whether they spill to memory, and how to lower and
// lift them (LowerFn receives the arguments' tuple, LiftFn the result's storage).
using LowerFn = Result<void> (*)(const void* args, GuestAccess& guest, uint64_t* cells);
using LiftFn = Result<void> (*)(void* result, GuestAccess& guest, const uint64_t* cells);
struct TypedSignature {
  LowerFn lower = nullptr;  // null: no arguments
  LiftFn lift = nullptr;   // null: no result
  uint32_t core_params = 0;   // cells the core function takes
  uint32_t core_results = 0;  // cells it returns
  bool uses_memory = false;   // false: no memory, realloc or GuestAccess is needed
};

// canon lift through a TypedSignature: enter the instance, lower, run, lift, post-return,
// leave (instantiate/call.cpp). `cells` has room for max(core_params, core_results, 1).
Result<void> call_typed(Store& store, const FuncRecord& f, const TypedSignature& sig, const void* args, void* result,
                        uint64_t* cells);
// The function's record to call (a view resolved to what it views), or an Error naming why
// the C++ signature does not fit its component type (api/typed_func.cpp).
Result<const FuncRecord*> check_typed(const Func& f, std::span<const TypeShape> params, const TypeShape* result,
                                      const TypedSignature& sig);

template <class T>
struct IsScalar : std::bool_constant<std::is_arithmetic_v<T> || std::is_same_v<T, char32_t> || std::is_enum_v<T>> {};

template <class R, class... Args>
struct Signature {
  static constexpr uint32_t kParamFlat = (0 + ... + WitValue<std::decay_t<Args>>::flat);
  static constexpr bool kParamsInMemory = kParamFlat > 16;
  using Params = Members<std::decay_t<Args>...>;
  static constexpr auto kOffsets = Params::offsets();
  static constexpr auto kFlatOffsets = Params::flat_offsets();
  using ArgRefs = std::tuple<const std::decay_t<Args>&...>;

  static Result<void> lower(const void* args, GuestAccess& g, uint64_t* cells) {
    const ArgRefs& a = *static_cast<const ArgRefs*>(args);
    Result<void> r;
    if constexpr (kParamsInMemory) {
      auto ptr = g.allocate(Params::align, Params::size);
      if (!ptr) return ptr.error();
      [&]<size_t... I>(std::index_sequence<I...>) {
        (void)((r = WitValue<std::decay_t<Args>>::store(g, std::get<I>(a), *ptr + kOffsets[I]), r.ok()) && ...);
      }(std::index_sequence_for<Args...>{});
      cells[0] = *ptr;
    } else {
      [&]<size_t... I>(std::index_sequence<I...>) {
        (void)((r = WitValue<std::decay_t<Args>>::lower(g, std::get<I>(a), cells + kFlatOffsets[I]), r.ok()) && ...);
      }(std::index_sequence_for<Args...>{});
    }
    return r;
  }

  static constexpr bool kResultInMemory = [] {
    if constexpr (std::is_void_v<R>) return false;
    else return WitValue<R>::flat > 1;
  }();
  static Result<void> lift(void* out, GuestAccess& g, const uint64_t* cells) {
    if constexpr (!std::is_void_v<R>) {
      using V = WitValue<R>;
      auto r = [&]() -> Result<R> {
        if constexpr (kResultInMemory) {
          const auto ptr = static_cast<uint32_t>(cells[0]);
          if (auto ok = g.check_range(ptr, 1, V::size, V::align, "result"); !ok) return ok.error();
          return V::load(g, ptr);
        } else {
          return V::lift(g, cells);
        }
      }();
      if (!r) return r.error();
      static_cast<std::optional<R>*>(out)->emplace(std::move(*r));
    }
    return {};
  }

  static constexpr TypedSignature make() {
    TypedSignature s;
    if constexpr (sizeof...(Args) != 0) s.lower = &lower;
    if constexpr (!std::is_void_v<R>) s.lift = &lift;
    s.core_params = kParamsInMemory ? 1 : kParamFlat;
    if constexpr (!std::is_void_v<R>) s.core_results = kResultInMemory ? 1 : WitValue<R>::flat;
    bool scalar = (IsScalar<std::decay_t<Args>>::value && ...) && !kParamsInMemory;
    if constexpr (!std::is_void_v<R>) scalar = scalar && IsScalar<R>::value;
    s.uses_memory = !scalar;
    return s;
  }
  static constexpr TypedSignature kSignature = make();
};

}  // namespace detail

template <class Sig>
class TypedFunc;

// A component function called with C++ values. Calls are as Func::call's: the same traps
// and errors, post-return run after the result is lifted.
template <class R, class... Args>
class TypedFunc<R(Args...)> {
  using S = detail::Signature<R, Args...>;

 public:
  Result<R> call(Store& store, const std::decay_t<Args>&... args) const {
    constexpr size_t kCells = std::max<size_t>({S::kSignature.core_params, S::kSignature.core_results, 1});
    uint64_t cells[kCells];
    const typename S::ArgRefs refs(args...);
    if constexpr (std::is_void_v<R>) {
      return detail::call_typed(store, *f_, S::kSignature, &refs, nullptr, cells);
    } else {
      std::optional<R> out;
      if (auto ok = detail::call_typed(store, *f_, S::kSignature, &refs, &out, cells); !ok) return ok.error();
      return std::move(*out);
    }
  }
  Func func() const { return func_; }

 private:
  friend class Func;  // through typed(), which checks the signature
  TypedFunc(Func func, const detail::FuncRecord* f) : func_(func), f_(f) {}
  Func func_;
  const detail::FuncRecord* f_;
};

template <class Sig>
Result<TypedFunc<Sig>> Func::typed() const {
  return [&]<class R, class... Args>(R (*)(Args...)) -> Result<TypedFunc<Sig>> {
    static_assert(!(std::is_same_v<std::decay_t<R>, std::string_view>), "a lifted string needs a std::string");
    const std::array<TypeShape, sizeof...(Args)> params = {WitValue<std::decay_t<Args>>::shape()...};
    std::optional<TypeShape> result;
    if constexpr (!std::is_void_v<R>) result = WitValue<R>::shape();
    auto f = detail::check_typed(*this, params, result ? &*result : nullptr, detail::Signature<R, Args...>::kSignature);
    if (!f) return f.error();
    return TypedFunc<Sig>(*this, *f);
  }(static_cast<Sig*>(nullptr));
}

}  // namespace stratus::component
