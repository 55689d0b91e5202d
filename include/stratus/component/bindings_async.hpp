// What generated bindings of WIT 0.3 add to bindings.hpp (docs/wit-bindings.md): the
// `stream<T>` and `future<T>` values of host signatures, and async host functions whose
// typed Host method ends its call through an AsyncReturn, now or later.
//
// The bindings only carry a stream's or future's end across the call, as the Val the async
// host API takes (stratus/component/async.hpp: StreamReader::take, StreamPair::guest_end,
// ...); reading and writing it is the host's, with that API.
#pragma once

#include <array>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "stratus/component/async.hpp"
#include "stratus/component/bindings.hpp"

namespace stratus::component::bindings {

// `stream<T>` (T is void for a `stream` without elements): `end` holds a StreamHandle.
template <class T>
struct Stream {
  Val end;
  bool operator==(const Stream&) const = default;
};

// `future<T>` (T is void for a `future` without a value): `end` holds a FutureHandle.
template <class T>
struct Future {
  Val end;
  bool operator==(const Future&) const = default;
};

// Both directions check the Val's kind: a host returning some other Val as a stream is told
// so instead of the guest seeing it.
template <class Handle, class Typed>
struct AsyncEndConvert {
  static Result<Val> to_val(Context&, const Typed& v) {
    if (!std::holds_alternative<Handle>(v.end.storage())) return mismatch(expected(), v.end);
    return v.end;
  }
  static Result<Typed> from_val(Context&, const Val& v) {
    if (!std::holds_alternative<Handle>(v.storage())) return mismatch(expected(), v);
    return Typed{v};
  }
  static const char* expected() {
    return std::is_same_v<Handle, StreamHandle> ? "a `stream` end" : "a `future` end";
  }
};

template <class T>
struct Convert<Stream<T>> : AsyncEndConvert<StreamHandle, Stream<T>> {};
template <class T>
struct Convert<Future<T>> : AsyncEndConvert<FutureHandle, Future<T>> {};

// What every AsyncReturn has: the call it ends, and how to fail or cancel it.
class AsyncReturnBase {
 public:
  // The guest traps with `error` (as a sync host function's Error does).
  Result<void> fail(Error error) { return call_.fail(std::move(error)); }
  // Cancellation as AsyncCall has it: on_cancel runs when the guest asks; then cancelled(),
  // or resolve() if the result is already there.
  bool cancel_requested() const { return call_.cancel_requested(); }
  void on_cancel(std::function<void()> fn) { call_.on_cancel(std::move(fn)); }
  Result<void> cancelled() { return call_.cancelled(); }
  bool done() const { return call_.done(); }

  // AsyncHostFuncOf makes one per call; `name` is the function's, for messages.
  AsyncReturnBase(Store& store, std::shared_ptr<const ResourceTypes> types, std::string name, AsyncCall call)
      : store_(&store), types_(std::move(types)), name_(std::move(name)), call_(std::move(call)) {}

 protected:
  // The result converted as a sync function's is; one that does not convert fails the call
  // (the guest must not wait forever) and is returned to the host as well.
  template <class R>
  Result<void> resolve_with(const R& value) {
    Context cx(*store_, *types_);
    auto v = Convert<R>::to_val(cx, value);
    if (!v) {
      Error e = at(name_ + ": the result", v.error());
      (void)call_.fail(e);
      return e;
    }
    std::vector<Val> results;
    results.push_back(std::move(*v));
    return call_.resolve(std::move(results));
  }
  Result<void> resolve_empty() { return call_.resolve({}); }

 private:
  Store* store_;  // callbacks never outlive their Store (async.hpp)
  std::shared_ptr<const ResourceTypes> types_;
  std::string name_;
  AsyncCall call_;
};

// How an async host method ends its call: resolve(value) once, now or later (copies share
// the call), or fail(error).
template <class R>
class AsyncReturn : public AsyncReturnBase {
 public:
  using AsyncReturnBase::AsyncReturnBase;
  Result<void> resolve(const R& value) { return resolve_with(value); }
};

template <>
class AsyncReturn<void> : public AsyncReturnBase {
 public:
  using AsyncReturnBase::AsyncReturnBase;
  Result<void> resolve() { return resolve_empty(); }
};

// An AsyncHostFunc (LinkerInstance::func_new_async) calling `call(store, P..., AsyncReturn<R>)`
// with the arguments converted from Vals as HostFuncOf converts them.
template <class Sig>
struct AsyncHostFuncOf;

template <class R, class... P>
struct AsyncHostFuncOf<R(P...)> {
  template <class F>
  static AsyncHostFunc make(std::shared_ptr<const ResourceTypes> types, std::string name,
                            std::array<std::string_view, sizeof...(P)> param_names, F call) {
    return [types = std::move(types), name = std::move(name), param_names, call = std::move(call)](
               Store& store, std::span<const Val> params, AsyncCall async_call) -> Result<void> {
      Context cx(store, *types);
      auto args = params_from_vals<P...>(cx, params, name, param_names);
      if (!args) return args.error();
      return std::apply(
          [&](P&... a) { return call(store, std::move(a)..., AsyncReturn<R>(store, types, name, std::move(async_call))); },
          *args);
    };
  }
};

}  // namespace stratus::component::bindings
