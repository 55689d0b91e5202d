// What the C++ bindings tools/witgen generates from WIT are built on (docs/wit-bindings.md):
// the handle and result types of host signatures, the resource types a Linker's interfaces
// share, and the conversions between typed C++ values and component::Val.
//
// Every conversion from a Val checks the Val's shape against the C++ type and returns an
// ErrorKind::Argument error naming what it expected and found: a Val never reaches a typed
// host method with another shape.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "stratus/component/linker.hpp"
#include "stratus/component/resource.hpp"
#include "stratus/component/val.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component::bindings {

// `own<R>`: a resource the host owns, as the host's rep (its key in the host's own table).
// R is the resource's tag struct, whose `kWitName` names it in ResourceTypes.
template <class R>
struct Own {
  uint32_t rep = 0;
  bool operator==(const Own&) const = default;
};

// `borrow<R>`: a resource lent to the host for one call.
template <class R>
struct Borrow {
  uint32_t rep = 0;
  bool operator==(const Borrow&) const = default;
};

// `result<T, E>`; a missing T or E is std::monostate. T and E may be one type
// (`result<string, string>`), so the cases are made by name: ok(...), err(...).
template <class T, class E>
class WitResult {
 public:
  template <class... A>
  static WitResult ok(A&&... a) {
    return WitResult(std::variant<T, E>(std::in_place_index<0>, std::forward<A>(a)...));
  }
  template <class... A>
  static WitResult err(A&&... a) {
    return WitResult(std::variant<T, E>(std::in_place_index<1>, std::forward<A>(a)...));
  }

  bool is_ok() const { return v_.index() == 0; }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  E& error() { return std::get<1>(v_); }
  const E& error() const { return std::get<1>(v_); }
  bool operator==(const WitResult&) const = default;

 private:
  explicit WitResult(std::variant<T, E> v) : v_(std::move(v)) {}
  std::variant<T, E> v_;
};

// The host resource types of a Linker by WIT name without version (`wasi:io/poll.pollable`):
// an interface's add_to_linker defines its own and finds those it uses here.
class ResourceTypes {
 public:
  void insert(std::string wit_name, ResourceType type) { types_.insert_or_assign(std::move(wit_name), std::move(type)); }
  const ResourceType* find(std::string_view wit_name) const {
    auto it = types_.find(wit_name);
    return it == types_.end() ? nullptr : &it->second;
  }
  size_t size() const { return types_.size(); }

 private:
  std::map<std::string, ResourceType, std::less<>> types_;
};

// What a conversion needs beyond the value: the Store whose handle table resources live in,
// and the resource types by name.
class Context {
 public:
  Context(Store& store, const ResourceTypes& types) : store_(&store), types_(&types) {}
  Store& store() const { return *store_; }
  // A pointer, so a conversion on the call path copies no shared ownership.
  Result<const ResourceType*> resource_type(std::string_view wit_name) const {
    if (const ResourceType* t = types_->find(wit_name)) return t;
    return Error(ErrorKind::Link, "resource type " + std::string(wit_name) +
                                      " is not defined: add its interface to the linker first");
  }

 private:
  Store* store_;
  const ResourceTypes* types_;
};

// The WIT spelling of what a Val holds, for messages.
inline const char* val_kind_name(const Val& v) {
  // Val::Storage's alternatives, in order.
  static const char* const kNames[] = {"bool", "s8",      "u8",   "s16",    "u16",    "s32",   "u32",   "s64",
                                       "u64",  "f32",     "f64",  "char",   "string", "list",  "record", "tuple",
                                       "variant", "enum", "option", "result", "flags", "resource", "stream", "future",
                                       "error-context"};
  static_assert(std::size(kNames) == std::variant_size_v<Val::Storage>);
  return kNames[v.storage().index()];
}

inline Error mismatch(std::string_view expected, const Val& found) {
  return Error(ErrorKind::Argument,
               "expected " + std::string(expected) + ", found a `" + std::string(val_kind_name(found)) + "` value");
}

// `where: message`, so an error says which parameter, field or element was wrong. A Trap
// stays the trap it is.
inline Error at(std::string_view where, const Error& e) {
  if (e.kind() == ErrorKind::Trap) return e;
  return Error(e.kind(), std::string(where) + ": " + e.message());
}

// Convert<T>::to_val(Context&, const T&) -> Result<Val> and
// Convert<T>::from_val(Context&, const Val&) -> Result<T>, for every T a binding uses. The
// generated code specializes it for records, variants, enums and flags.
template <class T>
struct Convert;

template <class T>
Result<Val> to_val(Context& cx, const T& v) {
  return Convert<T>::to_val(cx, v);
}
template <class T>
Result<T> from_val(Context& cx, const Val& v) {
  return Convert<T>::from_val(cx, v);
}

template <class T>
struct PrimitiveConvert {
  static Result<Val> to_val(Context&, const T& v) { return Val(v); }
  static Result<T> from_val(Context&, const Val& v) {
    if (const T* x = std::get_if<T>(&v.storage())) return *x;
    return mismatch(wit_name(), v);
  }
  static const char* wit_name();
};

// clang-format off
template <> inline const char* PrimitiveConvert<bool>::wit_name() { return "a `bool`"; }
template <> inline const char* PrimitiveConvert<int8_t>::wit_name() { return "an `s8`"; }
template <> inline const char* PrimitiveConvert<uint8_t>::wit_name() { return "a `u8`"; }
template <> inline const char* PrimitiveConvert<int16_t>::wit_name() { return "an `s16`"; }
template <> inline const char* PrimitiveConvert<uint16_t>::wit_name() { return "a `u16`"; }
template <> inline const char* PrimitiveConvert<int32_t>::wit_name() { return "an `s32`"; }
template <> inline const char* PrimitiveConvert<uint32_t>::wit_name() { return "a `u32`"; }
template <> inline const char* PrimitiveConvert<int64_t>::wit_name() { return "an `s64`"; }
template <> inline const char* PrimitiveConvert<uint64_t>::wit_name() { return "a `u64`"; }
template <> inline const char* PrimitiveConvert<float>::wit_name() { return "an `f32`"; }
template <> inline const char* PrimitiveConvert<double>::wit_name() { return "an `f64`"; }
template <> inline const char* PrimitiveConvert<std::string>::wit_name() { return "a `string`"; }
template <> struct Convert<bool> : PrimitiveConvert<bool> {};
template <> struct Convert<int8_t> : PrimitiveConvert<int8_t> {};
template <> struct Convert<uint8_t> : PrimitiveConvert<uint8_t> {};
template <> struct Convert<int16_t> : PrimitiveConvert<int16_t> {};
template <> struct Convert<uint16_t> : PrimitiveConvert<uint16_t> {};
template <> struct Convert<int32_t> : PrimitiveConvert<int32_t> {};
template <> struct Convert<uint32_t> : PrimitiveConvert<uint32_t> {};
template <> struct Convert<int64_t> : PrimitiveConvert<int64_t> {};
template <> struct Convert<uint64_t> : PrimitiveConvert<uint64_t> {};
template <> struct Convert<float> : PrimitiveConvert<float> {};
template <> struct Convert<double> : PrimitiveConvert<double> {};
template <> struct Convert<std::string> : PrimitiveConvert<std::string> {};
// clang-format on

// A `char` is a Unicode scalar value: no surrogates, nothing past U+10FFFF.
template <>
struct Convert<char32_t> {
  static bool valid(char32_t c) { return c < 0xD800 || (c > 0xDFFF && c < 0x110000); }
  static Result<Val> to_val(Context&, char32_t c) {
    if (!valid(c)) return Error(ErrorKind::Argument, "a `char` must be a Unicode scalar value, not " + hex(c));
    return Val(c);
  }
  static Result<char32_t> from_val(Context&, const Val& v) {
    const char32_t* c = std::get_if<char32_t>(&v.storage());
    if (!c) return mismatch("a `char`", v);
    if (!valid(*c)) return Error(ErrorKind::Argument, "a `char` must be a Unicode scalar value, not " + hex(*c));
    return *c;
  }
  static std::string hex(char32_t c) {
    static const char kDigits[] = "0123456789ABCDEF";
    std::string s;
    for (uint32_t x = static_cast<uint32_t>(c); x != 0 || s.empty(); x >>= 4) s.insert(s.begin(), kDigits[x & 0xF]);
    return "U+" + s;
  }
};

template <class T>
struct Convert<std::vector<T>> {
  static Result<Val> to_val(Context& cx, const std::vector<T>& v) {
    Val::List list;
    list.elements.reserve(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
      auto e = Convert<T>::to_val(cx, v[i]);
      if (!e) return at("element " + std::to_string(i), e.error());
      list.elements.push_back(std::move(*e));
    }
    return Val(std::move(list));
  }
  static Result<std::vector<T>> from_val(Context& cx, const Val& v) {
    const auto* list = std::get_if<Val::List>(&v.storage());
    if (!list) return mismatch("a `list`", v);
    std::vector<T> out;
    out.reserve(list->elements.size());
    for (size_t i = 0; i < list->elements.size(); ++i) {
      auto e = Convert<T>::from_val(cx, list->elements[i]);
      if (!e) return at("element " + std::to_string(i), e.error());
      out.push_back(std::move(*e));
    }
    return out;
  }
};

template <class T>
struct Convert<std::optional<T>> {
  static Result<Val> to_val(Context& cx, const std::optional<T>& v) {
    if (!v) return Val(Val::Option{});
    auto x = Convert<T>::to_val(cx, *v);
    if (!x) return at("some", x.error());
    return Val(Val::Option{ValBox(std::move(*x))});
  }
  static Result<std::optional<T>> from_val(Context& cx, const Val& v) {
    const auto* o = std::get_if<Val::Option>(&v.storage());
    if (!o) return mismatch("an `option`", v);
    if (!o->value) return std::optional<T>();
    auto x = Convert<T>::from_val(cx, *o->value);
    if (!x) return at("some", x.error());
    return std::optional<T>(std::move(*x));
  }
};

template <class T, class E>
struct Convert<WitResult<T, E>> {
  template <class P>
  static Result<ValBox> payload_to_val(Context& cx, const P& p, const char* which) {
    if constexpr (std::is_same_v<P, std::monostate>) {
      return ValBox();
    } else {
      auto x = Convert<P>::to_val(cx, p);
      if (!x) return at(which, x.error());
      return ValBox(std::move(*x));
    }
  }
  template <class P>
  static Result<P> payload_from_val(Context& cx, const ValBox& p, const char* which) {
    if constexpr (std::is_same_v<P, std::monostate>) {
      if (p) return Error(ErrorKind::Argument, std::string("expected a `result` whose ") + which + " has no payload");
      return std::monostate{};
    } else {
      if (!p) return Error(ErrorKind::Argument, std::string("expected a `result` whose ") + which + " has a payload");
      auto x = Convert<P>::from_val(cx, *p);
      if (!x) return at(which, x.error());
      return x;
    }
  }
  static Result<Val> to_val(Context& cx, const WitResult<T, E>& v) {
    auto p = v.is_ok() ? payload_to_val(cx, v.value(), "ok") : payload_to_val(cx, v.error(), "err");
    if (!p) return p.error();
    return Val(Val::Result{v.is_ok(), std::move(*p)});
  }
  static Result<WitResult<T, E>> from_val(Context& cx, const Val& v) {
    const auto* r = std::get_if<Val::Result>(&v.storage());
    if (!r) return mismatch("a `result`", v);
    if (r->is_ok) {
      auto x = payload_from_val<T>(cx, r->payload, "ok");
      if (!x) return x.error();
      return WitResult<T, E>::ok(std::move(*x));
    }
    auto x = payload_from_val<E>(cx, r->payload, "err");
    if (!x) return x.error();
    return WitResult<T, E>::err(std::move(*x));
  }
};

template <class... T>
struct Convert<std::tuple<T...>> {
  static Result<Val> to_val(Context& cx, const std::tuple<T...>& v) {
    Val::Tuple t;
    std::optional<Error> failed;
    [&]<size_t... I>(std::index_sequence<I...>) {
      (void)((convert_one<I>(cx, std::get<I>(v), t, failed)) && ...);
    }(std::index_sequence_for<T...>{});
    if (failed) return *failed;
    return Val(std::move(t));
  }
  static Result<std::tuple<T...>> from_val(Context& cx, const Val& v) {
    const auto* t = std::get_if<Val::Tuple>(&v.storage());
    if (!t) return mismatch("a `tuple`", v);
    if (t->elements.size() != sizeof...(T)) {
      return Error(ErrorKind::Argument, "expected a `tuple` of " + std::to_string(sizeof...(T)) + " elements, found " +
                                            std::to_string(t->elements.size()));
    }
    std::tuple<std::optional<T>...> parts;
    std::optional<Error> failed;
    [&]<size_t... I>(std::index_sequence<I...>) {
      (void)((parse_one<I>(cx, t->elements[I], std::get<I>(parts), failed)) && ...);
    }(std::index_sequence_for<T...>{});
    if (failed) return *failed;
    return [&]<size_t... I>(std::index_sequence<I...>) {
      return std::tuple<T...>(std::move(*std::get<I>(parts))...);
    }(std::index_sequence_for<T...>{});
  }

 private:
  template <size_t I, class X>
  static bool convert_one(Context& cx, const X& x, Val::Tuple& t, std::optional<Error>& failed) {
    auto e = Convert<X>::to_val(cx, x);
    if (!e) {
      failed = at("element " + std::to_string(I), e.error());
      return false;
    }
    t.elements.push_back(std::move(*e));
    return true;
  }
  template <size_t I, class X>
  static bool parse_one(Context& cx, const Val& v, std::optional<X>& out, std::optional<Error>& failed) {
    auto e = Convert<X>::from_val(cx, v);
    if (!e) {
      failed = at("element " + std::to_string(I), e.error());
      return false;
    }
    out.emplace(std::move(*e));
    return true;
  }
};

// An `own<R>` passed in: the host takes the resource out of the Store's table. Passed out: a
// new handle the guest will own.
template <class R>
struct Convert<Own<R>> {
  static Result<Val> to_val(Context& cx, const Own<R>& v) {
    auto type = cx.resource_type(R::kWitName);
    if (!type) return type.error();
    auto handle = resource_new_own(cx.store(), **type, v.rep);
    if (!handle) return handle.error();
    return Val(*handle);
  }
  static Result<Own<R>> from_val(Context& cx, const Val& v) {
    const auto* h = std::get_if<ResourceHandle>(&v.storage());
    if (!h || !h->own) return mismatch(std::string("an owned `") + std::string(R::kWitName) + "` handle", v);
    auto type = cx.resource_type(R::kWitName);
    if (!type) return type.error();
    auto rep = resource_take_own(cx.store(), **type, *h);
    if (!rep) return rep.error();
    return Own<R>{*rep};
  }
};

// A `borrow<R>` is only ever passed in (WIT allows borrows in parameters only).
template <class R>
struct Convert<Borrow<R>> {
  static Result<Val> to_val(Context&, const Borrow<R>&) {
    return Error(ErrorKind::Argument,
                 std::string("a host cannot pass out a borrowed `") + std::string(R::kWitName) + "` handle");
  }
  static Result<Borrow<R>> from_val(Context& cx, const Val& v) {
    const auto* h = std::get_if<ResourceHandle>(&v.storage());
    if (!h) return mismatch(std::string("a `") + std::string(R::kWitName) + "` handle", v);
    auto type = cx.resource_type(R::kWitName);
    if (!type) return type.error();
    auto rep = resource_rep(cx.store(), **type, *h);
    if (!rep) return rep.error();
    return Borrow<R>{*rep};
  }
};

// Helpers for generated record, variant, enum and flags conversions.
// The field `name` of a record Val, wherever it is (a Val built by hand may order fields
// differently); null if absent.
inline const Val* find_field(const Val::Record& record, std::string_view name) {
  for (const auto& f : record.fields) {
    if (f.name == name) return &f.value;
  }
  return nullptr;
}
// An error unless the record has exactly `count` fields (with every field found by name, none
// is then unknown or repeated).
inline Result<void> check_field_count(const Val::Record& record, size_t count, std::string_view type_name) {
  if (record.fields.size() == count) return {};
  return Error(ErrorKind::Argument, "expected the record `" + std::string(type_name) + "` of " + std::to_string(count) +
                                        " fields, found " + std::to_string(record.fields.size()));
}
inline Error missing_field(std::string_view type_name, std::string_view field) {
  return Error(ErrorKind::Argument,
               "the record `" + std::string(type_name) + "` has no field `" + std::string(field) + "`");
}

// The parameters of the host function `name` converted from Vals: an error if there are not
// sizeof...(P) of them, or naming the first that does not convert.
template <class... P>
Result<std::tuple<P...>> params_from_vals(Context& cx, std::span<const Val> params, const std::string& name,
                                          const std::array<std::string_view, sizeof...(P)>& param_names) {
  if (params.size() != sizeof...(P)) {
    return Error(ErrorKind::Argument, name + ": expected " + std::to_string(sizeof...(P)) + " arguments, got " +
                                          std::to_string(params.size()));
  }
  std::tuple<std::optional<P>...> args;
  std::optional<Error> failed;
  auto convert = [&]<class X>(const Val& v, std::optional<X>& out, std::string_view param) {
    auto x = Convert<X>::from_val(cx, v);
    if (!x) {
      failed = at(name + ": parameter `" + std::string(param) + "`", x.error());
      return false;
    }
    out.emplace(std::move(*x));
    return true;
  };
  [&]<size_t... I>(std::index_sequence<I...>) {
    (void)((convert(params[I], std::get<I>(args), param_names[I])) && ...);
  }(std::index_sequence_for<P...>{});
  if (failed) return *failed;
  return [&]<size_t... I>(std::index_sequence<I...>) {
    return std::tuple<P...>(std::move(*std::get<I>(args))...);
  }(std::index_sequence_for<P...>{});
}

// A HostFunc calling `call(store, P...)` with the arguments converted from Vals, and the
// result converted back. `name` is the function's name in the instance, for messages.
template <class Sig>
struct HostFuncOf;

template <class R, class... P>
struct HostFuncOf<R(P...)> {
  template <class F>
  static HostFunc make(std::shared_ptr<const ResourceTypes> types, std::string name,
                       std::array<std::string_view, sizeof...(P)> param_names, F call) {
    return [types = std::move(types), name = std::move(name), param_names, call = std::move(call)](
               Store& store, std::span<const Val> params, std::vector<Val>& results) -> Result<void> {
      Context cx(store, *types);
      auto args = params_from_vals<P...>(cx, params, name, param_names);
      if (!args) return args.error();
      auto r = std::apply([&](P&... a) { return call(store, std::move(a)...); }, *args);
      if (!r) return r.error();
      if constexpr (!std::is_void_v<R>) {
        auto v = Convert<R>::to_val(cx, *r);
        if (!v) return at(name + ": the result", v.error());
        results.push_back(std::move(*v));
      }
      return {};
    };
  }
};

// The resource types named, copied from `types` (an error naming the first missing one), for
// the host functions of one interface to keep.
inline Result<std::shared_ptr<const ResourceTypes>> snapshot(const ResourceTypes& types,
                                                             std::initializer_list<std::string_view> names,
                                                             std::string_view interface_name) {
  auto out = std::make_shared<ResourceTypes>();
  for (std::string_view n : names) {
    const ResourceType* t = types.find(n);
    if (!t) {
      return Error(ErrorKind::Link, std::string(interface_name) + " uses the resource type " + std::string(n) +
                                        ", which is not defined: add its interface to the linker first");
    }
    out->insert(std::string(n), *t);
  }
  return std::shared_ptr<const ResourceTypes>(std::move(out));
}

}  // namespace stratus::component::bindings
