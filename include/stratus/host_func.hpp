// Typed host functions: the wasm signature of a host function deduced from a C++ callable,
// as wasmtime's func_wrap does (see Linker::func_wrap).
//
// The callable may take a leading `Caller&` (or `const Caller&`) and then parameters of type
// int32_t, uint32_t (both i32), int64_t, uint64_t (both i64), float (f32) or double (f64). It
// returns void, one such value, a std::tuple of them, or a Result of any of these. An Error
// in the Result fails the call: one of kind Trap (made from a Trap) is propagated as that
// trap, any other becomes a HostTrap whose message is the error's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "stratus/extern.hpp"
#include "stratus/result.hpp"
#include "stratus/types.hpp"
#include "stratus/value.hpp"

namespace stratus::detail {

template <class T>
inline constexpr bool is_wasm_scalar = std::is_same_v<T, int32_t> || std::is_same_v<T, uint32_t> ||
                                       std::is_same_v<T, int64_t> || std::is_same_v<T, uint64_t> ||
                                       std::is_same_v<T, float> || std::is_same_v<T, double>;

template <class T>
T from_val(const Val& v) {
  if constexpr (std::is_same_v<T, float>) return v.f32();
  else if constexpr (std::is_same_v<T, double>) return v.f64();
  else if constexpr (sizeof(T) == 4) return static_cast<T>(v.i32());
  else return static_cast<T>(v.i64());
}

template <class T>
Val to_val(T v) {
  if constexpr (std::is_same_v<T, float>) return Val::f32(v);
  else if constexpr (std::is_same_v<T, double>) return Val::f64(v);
  else if constexpr (sizeof(T) == 4) return Val::i32(static_cast<int32_t>(v));
  else return Val::i64(static_cast<int64_t>(v));
}

// The call signature of a function, function pointer, or object with one operator().
template <class F>
struct CallSignature : CallSignature<decltype(&F::operator())> {};
template <class R, class... A>
struct CallSignature<R(A...)> {
  using Ret = R;
  using Args = std::tuple<A...>;
};
template <class R, class... A> struct CallSignature<R(A...) noexcept> : CallSignature<R(A...)> {};
template <class R, class... A> struct CallSignature<R (*)(A...)> : CallSignature<R(A...)> {};
template <class R, class... A> struct CallSignature<R (*)(A...) noexcept> : CallSignature<R(A...)> {};
template <class C, class R, class... A> struct CallSignature<R (C::*)(A...)> : CallSignature<R(A...)> {};
template <class C, class R, class... A> struct CallSignature<R (C::*)(A...) const> : CallSignature<R(A...)> {};
template <class C, class R, class... A> struct CallSignature<R (C::*)(A...) noexcept> : CallSignature<R(A...)> {};
template <class C, class R, class... A>
struct CallSignature<R (C::*)(A...) const noexcept> : CallSignature<R(A...)> {};

template <class T> struct ResultValue { using type = T; static constexpr bool fallible = false; };
template <class T> struct ResultValue<Result<T>> { using type = T; static constexpr bool fallible = true; };

template <class T> struct TupleOf { using type = std::tuple<T>; };
template <> struct TupleOf<void> { using type = std::tuple<>; };
template <class... Ts> struct TupleOf<std::tuple<Ts...>> { using type = std::tuple<Ts...>; };

template <class Tuple> struct DropCaller { using type = Tuple; static constexpr bool takes_caller = false; };
template <class First, class... Rest>
  requires std::is_same_v<std::remove_cvref_t<First>, Caller> && std::is_lvalue_reference_v<First>
struct DropCaller<std::tuple<First, Rest...>> {
  using type = std::tuple<Rest...>;
  static constexpr bool takes_caller = true;
};

template <class Tuple> struct AllScalar;
template <class... Ts> struct AllScalar<std::tuple<Ts...>> {
  static constexpr bool value = (is_wasm_scalar<Ts> && ...);
};

template <class Tuple> struct TypesOf;
template <class... Ts> struct TypesOf<std::tuple<Ts...>> {
  static std::vector<ValType> get() { return {WasmTypeOf<Ts>::v...}; }
};

// Everything func_wrap needs to know about a callable of type F.
template <class F>
struct HostSignature {
  using Call = CallSignature<std::remove_cvref_t<F>>;
  using CallerAndParams = DropCaller<typename Call::Args>;
  using Params = typename CallerAndParams::type;              // std::tuple of scalars
  static constexpr bool takes_caller = CallerAndParams::takes_caller;
  using Ret = typename Call::Ret;
  static constexpr bool fallible = ResultValue<Ret>::fallible;
  using Value = typename ResultValue<Ret>::type;               // void, a scalar or a tuple
  using Results = typename TupleOf<Value>::type;               // std::tuple of scalars

  static_assert(AllScalar<Params>::value,
                "func_wrap: parameters must be int32_t, uint32_t, int64_t, uint64_t, float or double, "
                "after an optional leading Caller&");
  static_assert(AllScalar<Results>::value,
                "func_wrap: the result must be void, an int32_t, uint32_t, int64_t, uint64_t, float or "
                "double, a std::tuple of those, or a Result of any of these");

  static FuncType type() { return FuncType{TypesOf<Params>::get(), TypesOf<Results>::get()}; }
};

template <class T, size_t... I>
void store_results(T&& value, std::span<Val> results, std::index_sequence<I...>) {
  using Value = std::remove_cvref_t<T>;
  if constexpr (requires { std::tuple_size<Value>::value; }) {
    ((results[I] = to_val(std::get<I>(value))), ...);
  } else {
    results[0] = to_val(value);
  }
}

template <class F, size_t... I>
Result<void> call_wrapped(F& fn, Caller& caller, std::span<const Val> params, std::span<Val> results,
                          std::index_sequence<I...>) {
  using S = HostSignature<F>;
  auto invoke = [&]() -> typename S::Ret {
    if constexpr (S::takes_caller) {
      return fn(caller, from_val<std::tuple_element_t<I, typename S::Params>>(params[I])...);
    } else {
      (void)caller;
      return fn(from_val<std::tuple_element_t<I, typename S::Params>>(params[I])...);
    }
  };
  constexpr auto result_indices = std::make_index_sequence<std::tuple_size_v<typename S::Results>>{};
  if constexpr (S::fallible) {
    auto outcome = invoke();
    if (!outcome) return outcome.error();
    if constexpr (!std::is_void_v<typename S::Value>) store_results(*outcome, results, result_indices);
  } else if constexpr (std::is_void_v<typename S::Value>) {
    invoke();
  } else {
    store_results(invoke(), results, result_indices);
  }
  return {};
}

// The HostFunc that unpacks the Val spans for `fn`.
template <class F>
HostFunc wrap_host(F fn) {
  using S = HostSignature<F>;
  return [fn = std::move(fn)](Caller& caller, std::span<const Val> params, std::span<Val> results) mutable
         -> Result<void> {
    constexpr size_t num_params = std::tuple_size_v<typename S::Params>;
    constexpr size_t num_results = std::tuple_size_v<typename S::Results>;
    if (params.size() != num_params || results.size() != num_results)
      return Error(ErrorKind::Host, "host function of type " + to_string(S::type()) + " called with " +
                                        std::to_string(params.size()) + " argument(s) and room for " +
                                        std::to_string(results.size()) + " result(s)");
    return call_wrapped(fn, caller, params, results, std::make_index_sequence<num_params>{});
  };
}

}  // namespace stratus::detail
