// Handles to the things a Store owns: functions, memories, tables, globals.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

#include "stratus/result.hpp"
#include "stratus/store.hpp"
#include "stratus/types.hpp"
#include "stratus/value.hpp"

namespace stratus {

namespace exec {
struct FuncInst;
struct MemoryInst;
struct TableInst;
struct GlobalInst;
struct ModuleInst;
}  // namespace exec

class Caller;
class Memory;
class Func;
class Table;
class Global;
using Extern = std::variant<Func, Table, Memory, Global>;

// A host function. Fill `results` (sized to the type's results) and return ok, or return an
// Error: one of kind Trap is propagated as that trap, any other becomes a HostTrap.
using HostFunc = std::function<Result<void>(Caller& caller, std::span<const Val> params, std::span<Val> results)>;

class Memory {
 public:
  Memory() = default;
  static Result<Memory> create(Store& store, MemoryType type);

  MemoryType type() const;
  uint8_t* data() const;
  uint64_t size_bytes() const;
  uint64_t pages() const;
  std::span<uint8_t> span() const { return {data(), static_cast<size_t>(size_bytes())}; }
  // Returns the previous size in pages.
  Result<uint64_t> grow(uint64_t delta_pages) const;

  exec::MemoryInst* raw() const { return m_; }
  explicit operator bool() const { return m_ != nullptr; }

 private:
  friend struct detail::ApiAccess;
  explicit Memory(exec::MemoryInst* m) : m_(m) {}
  exec::MemoryInst* m_ = nullptr;
};

class Table {
 public:
  Table() = default;
  static Result<Table> create(Store& store, TableType type, Ref init = {});

  TableType type() const;
  uint64_t size() const;
  Result<Ref> get(uint64_t index) const;
  Result<void> set(uint64_t index, Ref value) const;
  // Returns the previous size.
  Result<uint64_t> grow(uint64_t delta, Ref init = {}) const;

  exec::TableInst* raw() const { return t_; }
  explicit operator bool() const { return t_ != nullptr; }

 private:
  friend struct detail::ApiAccess;
  explicit Table(exec::TableInst* t) : t_(t) {}
  exec::TableInst* t_ = nullptr;
};

class Global {
 public:
  Global() = default;
  static Result<Global> create(Store& store, GlobalType type, Val init);

  GlobalType type() const;
  Val get() const;
  Result<void> set(Val v) const;

  exec::GlobalInst* raw() const { return g_; }
  explicit operator bool() const { return g_ != nullptr; }

 private:
  friend struct detail::ApiAccess;
  explicit Global(exec::GlobalInst* g) : g_(g) {}
  exec::GlobalInst* g_ = nullptr;
};

namespace detail {
// Untyped entry used by TypedFunc: `cells` holds the arguments on entry and the results on
// return, one 64-bit cell per value (two for v128), and must have room for the larger of both.
Result<void> call_cells(Store& store, exec::FuncInst* f, uint64_t* cells);
}  // namespace detail

template <class Sig>
class TypedFunc;

class Func {
 public:
  Func() = default;
  static Func wrap(Store& store, FuncType type, HostFunc fn);

  const FuncType& type() const;
  Result<std::vector<Val>> call(Store& store, std::span<const Val> args) const;
  // No allocation: `results` must be sized to the type's result count.
  Result<void> call(Store& store, std::span<const Val> args, std::span<Val> results) const;

  // Checks the signature once; calls through the result skip all per-call checks.
  template <class Sig>
  Result<TypedFunc<Sig>> typed() const;

  Ref to_ref() const { return Ref{f_}; }
  static Func from_ref(Ref r) { return Func(static_cast<exec::FuncInst*>(r.ptr)); }

  exec::FuncInst* raw() const { return f_; }
  explicit operator bool() const { return f_ != nullptr; }

 private:
  friend struct detail::ApiAccess;
  explicit Func(exec::FuncInst* f) : f_(f) {}
  exec::FuncInst* f_ = nullptr;
};

// What a host function sees of its caller.
class Caller {
 public:
  Store& store() const { return store_; }
  // The calling instance's export of that name, if the caller is a wasm instance.
  std::optional<Extern> get_export(std::string_view name) const;
  // Shortcut for the common case: the caller's memory 0, exported or not.
  std::optional<Memory> memory() const;
  exec::ModuleInst* instance() const { return instance_; }

 private:
  friend struct detail::ApiAccess;
  Caller(Store& store, exec::ModuleInst* instance) : store_(store), instance_(instance) {}

  Store& store_;
  exec::ModuleInst* instance_;
};

// ---- typed calls ---------------------------------------------------------------------------

namespace detail {
template <class T> struct WasmTypeOf;
template <> struct WasmTypeOf<int32_t> { static constexpr ValType v = ValType::I32; };
template <> struct WasmTypeOf<uint32_t> { static constexpr ValType v = ValType::I32; };
template <> struct WasmTypeOf<int64_t> { static constexpr ValType v = ValType::I64; };
template <> struct WasmTypeOf<uint64_t> { static constexpr ValType v = ValType::I64; };
template <> struct WasmTypeOf<float> { static constexpr ValType v = ValType::F32; };
template <> struct WasmTypeOf<double> { static constexpr ValType v = ValType::F64; };

template <class T> uint64_t to_cell(T v) {
  if constexpr (std::is_same_v<T, float>) return std::bit_cast<uint32_t>(v);
  else if constexpr (std::is_same_v<T, double>) return std::bit_cast<uint64_t>(v);
  else if constexpr (sizeof(T) == 4) return static_cast<uint32_t>(v);
  else return static_cast<uint64_t>(v);
}
template <class T> T from_cell(uint64_t c) {
  if constexpr (std::is_same_v<T, float>) return std::bit_cast<float>(static_cast<uint32_t>(c));
  else if constexpr (std::is_same_v<T, double>) return std::bit_cast<double>(c);
  else return static_cast<T>(c);
}
template <class R> struct ResultTypes { static std::vector<ValType> get() { return {WasmTypeOf<R>::v}; } };
template <> struct ResultTypes<void> { static std::vector<ValType> get() { return {}; } };
template <class... Rs> struct ResultTypes<std::tuple<Rs...>> {
  static std::vector<ValType> get() { return {WasmTypeOf<Rs>::v...}; }
};
template <class R> struct ResultCount { static constexpr size_t n = 1; };
template <> struct ResultCount<void> { static constexpr size_t n = 0; };
template <class... Rs> struct ResultCount<std::tuple<Rs...>> { static constexpr size_t n = sizeof...(Rs); };
}  // namespace detail

template <class R, class... Args>
class TypedFunc<R(Args...)> {
 public:
  Result<R> call(Store& store, Args... args) const {
    constexpr size_t n = std::max<size_t>({sizeof...(Args), detail::ResultCount<R>::n, size_t{1}});
    uint64_t cells[n];
    size_t i = 0;
    ((cells[i++] = detail::to_cell(args)), ...);
    if (auto r = detail::call_cells(store, f_.raw(), cells); !r) return r.error();
    if constexpr (std::is_void_v<R>) {
      return Result<R>();
    } else if constexpr (detail::ResultCount<R>::n == 1 && !requires { std::tuple_size<R>::value; }) {
      return detail::from_cell<R>(cells[0]);
    } else {
      return unpack(cells, std::make_index_sequence<std::tuple_size_v<R>>{});
    }
  }
  Func func() const { return f_; }

 private:
  friend class Func;  // through typed(), which checks the signature
  explicit TypedFunc(Func f) : f_(f) {}
  template <size_t... I>
  static R unpack(const uint64_t* cells, std::index_sequence<I...>) {
    return R{detail::from_cell<std::tuple_element_t<I, R>>(cells[I])...};
  }
  Func f_;
};

template <class Sig>
Result<TypedFunc<Sig>> Func::typed() const {
  using Traits = TypedFunc<Sig>;
  (void)sizeof(Traits);
  return [&]<class R, class... Args>(R (*)(Args...)) -> Result<TypedFunc<Sig>> {
    FuncType want{{detail::WasmTypeOf<Args>::v...}, detail::ResultTypes<R>::get()};
    if (!f_) return Error(ErrorKind::Argument, "typed(): null function");
    if (!(type() == want))
      return Error(ErrorKind::Argument, "typed(): function has type " + to_string(type()) + ", not " + to_string(want));
    return TypedFunc<Sig>(*this);
  }(static_cast<Sig*>(nullptr));
}

}  // namespace stratus
