// A function a component instance exports (a `canon lift` of a core function).
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "stratus/component/types.hpp"
#include "stratus/component/val.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component {

namespace detail {
struct FuncRecord;
struct Access;
}  // namespace detail

template <class Sig>
class TypedFunc;

class Func {
 public:
  Func() = default;

  // Lowers `params` into the callee (ErrorKind::Argument when one does not fit its type),
  // runs it, lifts the results and then runs the callee's post-return function, as the
  // canonical ABI does. A trap, including a bad value lifted from the guest, is an Error of
  // kind Trap; so is a call into an instance that may not be entered (a reentrant call, or
  // one after an instance trapped).
  Result<std::vector<Val>> call(Store& store, std::span<const Val> params) const;
  // The same, for an async-lifted export whose task goes on after task.return (a wasi:http
  // handler still writing its response body): `on_return` gets the result at task.return,
  // from inside the guest's call, and may take what it holds (a resource, a stream) and start
  // host work on the thread's EventLoop; call still returns once the task has exited. Not
  // called for a sync-lifted function or a function without a result.
  Result<std::vector<Val>> call(Store& store, std::span<const Val> params,
                                const std::function<void(const Val&)>& on_return) const;
  types::ComponentFunc type() const;

  // Checks once that the C++ signature `R(Args...)` fits the function's component type (an
  // ErrorKind::Argument error naming the first part that does not); calls through the result
  // lower and lift C++ values directly. Defined in stratus/component/typed_func.hpp.
  template <class Sig>
  Result<TypedFunc<Sig>> typed() const;

  explicit operator bool() const { return f_ != nullptr; }

 private:
  friend struct detail::Access;
  explicit Func(detail::FuncRecord* f) : f_(f) {}
  detail::FuncRecord* f_ = nullptr;
};

}  // namespace stratus::component
